package main

import (
	"context"
	"errors"
	"io"
)

// runExport writes the knowledge base for reports. (Being written.)
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("export: not built yet")
}
