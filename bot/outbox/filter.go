package outbox

// hiddenError is a send error whose text passed the privacy filter: a
// transport's error names the chat it failed for ("failed to get user info
// for 2547…@s.whatsapp.net"), and the text goes to the log and to the
// row's last_error. It wraps the error, so Permanent and Pause still read.
type hiddenError struct {
	err  error
	text string
}

func (e hiddenError) Error() string { return e.text }
func (e hiddenError) Unwrap() error { return e.err }

// hide is err with its text filtered; nil stays nil.
func (s *Sender) hide(err error) error {
	if err == nil {
		return nil
	}
	return hiddenError{err, s.numbers.Error(err)}
}
