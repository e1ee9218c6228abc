// Package storetest reads a labbot database as anyone holding the file
// could, with plain SQL: for the tests of what the file must not say. It
// uses the "sqlite3" driver the store registers.
package storetest

import (
	"database/sql"
	"fmt"
	"testing"
)

// Cell is one value of a database, with where it sits.
type Cell struct{ Table, Column, Value string }

// Cells lists every value that is not NULL in every table of the database
// at path but those skip names (nil: none), read-only, texts and blobs as
// their text, numbers as their digits.
func Cells(t testing.TB, path string, skip func(table string) bool) []Cell {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []Cell
	for _, table := range tables(t, db) {
		if skip == nil || !skip(table) {
			out = append(out, tableCells(t, db, table)...)
		}
	}
	return out
}

func tables(t testing.TB, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

func tableCells(t testing.TB, db *sql.DB, table string) []Cell {
	t.Helper()
	rows, err := db.Query(fmt.Sprintf(`SELECT * FROM "%s"`, table))
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []Cell
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
			case []byte:
				out = append(out, Cell{table, cols[i], string(v)})
			default:
				out = append(out, Cell{table, cols[i], fmt.Sprint(v)})
			}
		}
	}
	return out
}
