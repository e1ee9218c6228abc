package main

import (
	"context"
	"errors"
	"io"
)

// runBackup copies labbot.db consistently. (Being written.)
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("backup: not built yet")
}
