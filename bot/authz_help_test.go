package bot

// authzHelpCases ask help on each staff command: staff read what it does,
// a member only that it is for the team, as when she runs it.
func authzHelpCases() []authzCase {
	var cases []authzCase
	for _, key := range []string{"setup", "stats", "announce", "event", "cancel", "join"} {
		row := authzRow{text: "!help " + key, who: authzStaff, want: authzText("cmd."+key+".details", nil)}
		for _, a := range authzActors() {
			for _, chat := range a.chats {
				cases = append(cases, authzCase{name: "help on " + key + "/" + a.name + "/" + authzChatName(chat),
					actor: a, chat: chat, text: row.text, want: row.expect(a, chat)})
			}
		}
	}
	return cases
}
