// Package cliusage makes a cobra command tree speak one language,
// Vietnamese or English: the help and usage it prints, the help flag, the
// help command and the version flag, and the usage errors cobra and pflag
// would otherwise give in English (an unknown command or flag, a flag
// without its value or with one of the wrong type, a required flag left
// out, the wrong number of arguments).
//
// cobra makes its texts when the tree is built, before it parses the
// command line, so the program reads the language first (FlagValue finds
// --lang), builds its commands in it, and hands the tree to a Localiser:
//
//	cli := cliusage.New(language, markUsage)
//	root := &cobra.Command{..., Args: cli.NoArgs}
//	cli.Apply(root)
//
// Every usage error goes through the function given to New, which marks it
// as a misuse of the command line: the program gives it its exit code.
package cliusage
