package reports

import (
	"sort"

	"github.com/ndta-vn/archmerge/mapping"
)

// tile is a province's cell in the tile-grid map: column (west to east)
// and row (north to south).
type tile struct{ col, row int }

// vietnamTiles places the 34 provinces of the 2025 restructuring on a grid
// of 6 columns and 18 rows by the position of each new province (its
// predecessors together) on the map: the northern mountains and the Red
// River delta on the wide top rows, the central provinces one a row down
// the coast, the south-east and the Mekong delta at the bottom.
// docs/dashboard.md draws the grid.
var vietnamTiles = map[string]tile{
	"12": {0, 0},  // Lai Châu
	"15": {1, 0},  // Lào Cai (+ Yên Bái)
	"08": {2, 0},  // Tuyên Quang (+ Hà Giang)
	"04": {3, 0},  // Cao Bằng
	"11": {0, 1},  // Điện Biên
	"14": {1, 1},  // Sơn La
	"25": {2, 1},  // Phú Thọ (+ Vĩnh Phúc, Hòa Bình)
	"19": {3, 1},  // Thái Nguyên (+ Bắc Kạn)
	"20": {4, 1},  // Lạng Sơn
	"01": {2, 2},  // Hà Nội
	"24": {3, 2},  // Bắc Ninh (+ Bắc Giang)
	"22": {4, 2},  // Quảng Ninh
	"37": {2, 3},  // Ninh Bình (+ Hà Nam, Nam Định)
	"33": {3, 3},  // Hưng Yên (+ Thái Bình)
	"31": {4, 3},  // Hải Phòng (+ Hải Dương)
	"38": {2, 4},  // Thanh Hóa
	"40": {2, 5},  // Nghệ An
	"42": {2, 6},  // Hà Tĩnh
	"44": {3, 7},  // Quảng Trị (+ Quảng Bình)
	"46": {3, 8},  // Huế
	"48": {4, 9},  // Đà Nẵng (+ Quảng Nam)
	"51": {4, 10}, // Quảng Ngãi (+ Kon Tum)
	"52": {4, 11}, // Gia Lai (+ Bình Định)
	"66": {4, 12}, // Đắk Lắk (+ Phú Yên)
	"68": {4, 13}, // Lâm Đồng (+ Đắk Nông, Bình Thuận)
	"56": {5, 13}, // Khánh Hòa (+ Ninh Thuận)
	"80": {2, 14}, // Tây Ninh (+ Long An)
	"75": {3, 14}, // Đồng Nai (+ Bình Phước)
	"91": {1, 15}, // An Giang (+ Kiên Giang)
	"82": {2, 15}, // Đồng Tháp (+ Tiền Giang)
	"79": {3, 15}, // Hồ Chí Minh (+ Bình Dương, Bà Rịa – Vũng Tàu)
	"92": {2, 16}, // Cần Thơ (+ Sóc Trăng, Hậu Giang)
	"86": {3, 16}, // Vĩnh Long (+ Bến Tre, Trà Vinh)
	"96": {1, 17}, // Cà Mau (+ Bạc Liêu)
}

// islandMarks are the two archipelagos, drawn beside the tiles as labels
// (not tiles: they are special zones of Đà Nẵng and Khánh Hòa, counted
// there): a map of Việt Nam shows them.
var islandMarks = []struct {
	at     tile
	vi, en []string
}{
	{tile{5, 8}, []string{"QĐ Hoàng Sa", "(Đà Nẵng)"}, []string{"Hoàng Sa Is.", "(Đà Nẵng)"}},
	{tile{5, 15}, []string{"QĐ Trường Sa", "(Khánh Hòa)"}, []string{"Trường Sa Is.", "(Khánh Hòa)"}},
}

// tileLayout returns the cell of every new province of the mapping: the
// map of Việt Nam when every province has its cell there, else (another
// mapping) a plain grid of 6 columns in code order. geographic says which.
func tileLayout(m *mapping.Mapping) (cells map[string]tile, cols, rows int, geographic bool) {
	codes := newProvinces(m)
	geographic = len(codes) > 0
	for _, c := range codes {
		if _, ok := vietnamTiles[c]; !ok {
			geographic = false
			break
		}
	}
	if geographic {
		cells = make(map[string]tile, len(codes))
		for _, c := range codes {
			t := vietnamTiles[c]
			cells[c] = t
			cols, rows = max(cols, t.col+1), max(rows, t.row+1)
		}
		return cells, cols, rows, true
	}
	const width = 6
	cells = make(map[string]tile, len(codes))
	for i, c := range codes {
		cells[c] = tile{i % width, i / width}
	}
	return cells, width, (len(codes) + width - 1) / width, false
}

// newProvinces lists the codes of the mapping's new provinces, sorted.
func newProvinces(m *mapping.Mapping) []string {
	var out []string
	for _, u := range m.NewUnits {
		if u.Level == mapping.Province {
			out = append(out, u.Code)
		}
	}
	sort.Strings(out)
	return out
}
