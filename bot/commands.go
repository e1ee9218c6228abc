package bot

import (
	"context"
	"fmt"
	"slices"

	"labbot/locales"
)

// role says who may run a command.
type role int

const (
	// RoleMember is anyone in a partner group, staff included.
	roleMember role = iota
	// RoleStaff is the staff listed in config, and only them.
	roleStaff
)

// command is one row of the command table.
type command struct {
	Key   string            // English name; help texts live under cmd.KEY.*
	Words map[string]string // the word in each language: en, es, fr
	Also  map[string]string // another form of it a member may write (resuelto for resuelta), or none
	Role  role
	Args  bool // whether it takes arguments, described by cmd.KEY.args
	// Unregistered lets the command run in a group that is not a partner
	// group yet (only !setup needs it).
	Unregistered bool
	Run          func(b *Bot, ctx context.Context, r *request) error
}

// commandTable is every command labbot knows, in the order help lists them.
func commandTable() []*command {
	return []*command{
		{Key: "help", Words: words("help", "ayuda", "aide"), Args: true, Run: (*Bot).cmdHelp},
		{Key: "tip", Words: words("tip", "consejo", "astuce"), Args: true, Run: (*Bot).cmdTip},
		{Key: "ask", Words: words("ask", "preguntar", "demander"), Args: true, Run: (*Bot).cmdAsk},
		{Key: "answer", Words: words("answer", "responder", "répondre"), Args: true, Run: (*Bot).cmdAnswer},
		{Key: "questions", Words: words("questions", "preguntas", "questions"), Args: true, Run: (*Bot).cmdQuestions},
		{Key: "solved", Words: words("solved", "resuelta", "résolue"), Also: words("", "resuelto", "résolu"), Args: true, Run: (*Bot).cmdSolved},
		{Key: "find", Words: words("find", "buscar", "chercher"), Args: true, Run: (*Bot).cmdFind},
		{Key: "resource", Words: words("resource", "recurso", "ressource"), Args: true, Run: (*Bot).cmdResource},
		{Key: "resources", Words: words("resources", "recursos", "ressources"), Args: true, Run: (*Bot).cmdResources},
		{Key: "show", Words: words("show", "ver", "voir"), Args: true, Run: (*Bot).cmdShow},
		{Key: "translate", Words: words("translate", "traducir", "traduire"), Args: true, Run: (*Bot).cmdTranslate},
		{Key: "remove", Words: words("remove", "eliminar", "supprimer"), Args: true, Run: (*Bot).cmdRemove},
		{Key: "poll", Words: words("poll", "encuesta", "sondage"), Args: true, Run: (*Bot).cmdPoll},
		{Key: "digest", Words: words("digest", "resumen", "résumé"), Run: (*Bot).cmdDigest},
		{Key: "subscribe", Words: words("subscribe", "suscribir", "abonner"), Run: (*Bot).cmdSubscribe},
		{Key: "unsubscribe", Words: words("unsubscribe", "baja", "désabonner"), Also: words("", "desuscribir", ""), Run: (*Bot).cmdUnsubscribe},
		{Key: "events", Words: words("events", "eventos", "événements"), Run: (*Bot).cmdEvents},
		{Key: "rsvp", Words: words("rsvp", "asistir", "participer"), Args: true, Run: (*Bot).cmdRSVP},
		{Key: "lang", Words: words("lang", "idioma", "langue"), Args: true, Run: (*Bot).cmdLang},
		{Key: "forget", Words: words("forget", "olvidar", "oublier"), Run: (*Bot).cmdForget},
		{Key: "event", Words: words("event", "evento", "événement"), Role: roleStaff, Args: true, Run: (*Bot).cmdEvent},
		{Key: "cancel", Words: words("cancel", "cancelar", "annuler"), Role: roleStaff, Args: true, Run: (*Bot).cmdCancel},
		{Key: "announce", Words: words("announce", "anunciar", "annoncer"), Role: roleStaff, Args: true, Run: (*Bot).cmdAnnounce},
		{Key: "setup", Words: words("setup", "configurar", "configurer"), Role: roleStaff, Args: true, Unregistered: true, Run: (*Bot).cmdSetup},
		{Key: "stats", Words: words("stats", "estadísticas", "statistiques"), Role: roleStaff, Run: (*Bot).cmdStats},
		{Key: "join", Words: words("join", "unirse", "rejoindre"), Role: roleStaff, Args: true, Run: (*Bot).cmdJoin},
	}
}

func words(en, es, fr string) map[string]string {
	return map[string]string{"en": en, "es": es, "fr": fr}
}

// wordEntry is what one folded word means: its command, and the languages
// it belongs to ("questions" is both English and French).
type wordEntry struct {
	cmd   *command
	langs []string
}

// commandIndex maps folded words to commands.
type commandIndex struct {
	list   []*command
	byWord map[string]wordEntry
}

// indexCommands checks the table and indexes its words. Two commands that
// share a word would make one of them unreachable: that is an error.
func indexCommands(cmds []*command) (*commandIndex, error) {
	idx := &commandIndex{list: cmds, byWord: map[string]wordEntry{}}
	for _, c := range cmds {
		for _, lang := range locales.Languages() {
			if fold(c.Words[lang]) == "" {
				return nil, fmt.Errorf("command %s has no %s word", c.Key, lang)
			}
			for _, w := range []string{fold(c.Words[lang]), fold(c.Also[lang])} {
				if w == "" {
					continue
				}
				e, seen := idx.byWord[w]
				if seen && e.cmd != c {
					return nil, fmt.Errorf("word %q belongs to both %s and %s", w, e.cmd.Key, c.Key)
				}
				if !slices.Contains(e.langs, lang) {
					e.langs = append(e.langs, lang)
				}
				e.cmd = c
				idx.byWord[w] = e
			}
		}
	}
	return idx, nil
}

// lookup finds the command for a folded word.
func (idx *commandIndex) lookup(word string) (wordEntry, bool) {
	e, ok := idx.byWord[word]
	return e, ok
}

// byKey finds a command by its key; it panics on a key not in the table,
// which is a programming error the tests catch.
func (idx *commandIndex) byKey(key string) *command {
	for _, c := range idx.list {
		if c.Key == key {
			return c
		}
	}
	panic("bot: no command " + key)
}
