// Package migrate is the consolidation engine: from the mapping, the old
// units' inventories and the decisions recorded so far, it decides where each
// element goes, which elements are the same thing, which should survive, and
// every point a person must decide (the flags). It is pure: no SQL, no Excel,
// no command line; adapters translate at the edges.
//
// Build runs in stages over elements sorted by key, so that the plan does
// not depend on input order:
//
//   - routing gives each element its new unit (a district's to the new
//     province, a split commune's to its whole-transfer, kept-code or first
//     successor), reads whose bodies its owner, operator and contract
//     holder are (units.go: a district body adds that district's communes
//     to its candidates) and applies decided new units that are valid
//     candidates;
//   - clustering joins, within each new unit, elements with the same kind
//     and one-per-unit function, the same vendor and product, or the same
//     normalised name (blocking on exact keys: linear, no pairwise
//     comparison), in that order, never joining two functions in one
//     cluster; survivors are scored (docs/consolidation.md);
//   - recommendations give each element a treatment and its reasons, then
//     decisions in force override them and relations are re-pointed to the
//     survivors;
//   - flags are raised (FlagRules lists the 27 of them, docs/flags.md says
//     when and what settles each) and settled by the decisions.
//
// Fingerprint identifies a plan's inputs; store.SavePlan keeps plans by it
// so that unchanged inputs reuse the stored plan.
package migrate
