package textfold

import "strings"

// stopWords are the words of English, Spanish and French that say nothing
// of what a text is about (articles, pronouns, prepositions, conjunctions,
// auxiliaries, question words), folded. A related-items search leaves
// them out; find does not (a member may search for "who").
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a an the and or but if then than so of to in on at by for with from into about as is are was
		were be been being am do does did doing have has had having can could will would shall should
		may might must i me my mine we us our ours you your yours he him his she her hers it its they
		them their theirs this that these those who whom whose which what when where why how there here
		not no yes all any some each every more most other such only own same too very just also
		anyone someone something anything one ones up down out over under again further once let lets
		get got please thanks thank hi hello dear know want need like
		el la los las lo un una unos unas y e o u pero si no sí de del al a en con por para sin sobre
		entre hasta desde que qué quien quién quienes cual cuál como cómo cuando cuándo donde dónde
		porque es son era eran fue fueron ser estar está están estaba hay haber ha han he hemos has
		tiene tienen tengo tenemos puede pueden puedo podemos yo tú tu tus te mi mis me nos nosotras
		nosotros nuestra nuestro nuestras nuestros ella ellas él ellos su sus se le les este esta estos
		estas ese esa esos esas esto eso aquí ahí muy más ya también tambien algo alguien alguna algún
		alguno algunas algunos cada otro otra otros otras mismo misma hola gracias favor saber quiero
		queremos necesito necesitamos
		le la les l un une des du de d et ou mais si ne pas n plus à au aux en dans par pour sur sous
		avec sans chez entre vers qui que qu quoi quel quelle quels quelles comment quand où pourquoi
		est sont était étaient été être ai as a avons avez ont avoir fait faire peut peuvent pouvez
		pouvons je j tu te t il elle on nous vous ils elles me m se s ce c cet cette ces ça mon ma mes
		ton ta tes son sa ses notre nos votre vos leur leurs y très aussi déjà tout tous toute toutes
		autre autres même quelqu quelque quelques chaque bonjour merci savoir voudrais voulons besoin`) {
		m[Fold(w)] = true
	}
	return m
}()

// IsStopWord reports whether word (in any of the three languages, with
// or without its accents) says nothing of what a text is about.
func IsStopWord(word string) bool { return stopWords[Fold(word)] }
