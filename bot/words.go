package bot

import "labbot/textfold"

// fold is textfold.Fold, under the short name every command uses: command
// words, language names and tags match however they are typed.
func fold(s string) string { return textfold.Fold(s) }
