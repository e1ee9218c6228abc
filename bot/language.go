package bot

import "labbot/store"

// replyLang picks the language of a reply, per DESIGN.md: her own choice;
// else the language of the command word, when only one language has it;
// else the group's (in a direct message, her first group's); else the
// config's default.
func (b *Bot) replyLang(r *request, wordLangs []string) string {
	if supported(r.Member.Lang) {
		return r.Member.Lang
	}
	if len(wordLangs) == 1 {
		return wordLangs[0]
	}
	if g := r.homeGroup(); g != nil {
		return g.Lang
	}
	return b.cfg.DefaultLanguage
}

// memberLang is the language of what labbot sends a member unasked (her
// digest, her reminders): her choice, else her first group's, else the Lab's.
func (b *Bot) memberLang(m store.Member, groups []store.Group) string {
	switch {
	case supported(m.Lang):
		return m.Lang
	case len(groups) > 0:
		return groups[0].Lang
	}
	return b.cfg.DefaultLanguage
}

// homeGroup is the group a request speaks from: the chat's, or in a direct
// message the first group she joined.
func (r *request) homeGroup() *store.Group {
	if r.Group != nil {
		return r.Group
	}
	if len(r.Groups) > 0 {
		return &r.Groups[0]
	}
	return nil
}
