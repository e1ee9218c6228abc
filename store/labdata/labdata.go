// Package labdata makes up knowledge items that read like the Lab's: tips,
// questions, answers and resources in English, Spanish and French about
// women's and girls' health, education, funding and advocacy. Benchmarks
// and load tests fill stores with them; one seed always gives the same items.
//
// Words come from a vocabulary of about 320 words per language, drawn with
// a Zipf-like skew (weight 1/(rank+15)), as in real text where a few topic
// words recur: the first word of a vocabulary is in about 40% of that
// language's items, the 20th in about 20%, the 100th in 7%, the last in 2%.
package labdata

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"labbot/textfold"
)

// Item is one made-up knowledge item, the fields a member gives store.AddItem.
type Item struct {
	Kind string   // "T", "Q", "A" or "R"; mostly T
	Body string   // 8 to 40 words; a resource's title
	Lang string   // "en", "es" or "fr", evenly
	Tags []string // 0 to 2, folded (lowercase, no accents), as store keeps them
	URL  string   // a resource's link; "" for the other kinds
}

const (
	minWords, maxWords = 8, 40
	// zipfOffset flattens the head of the skew: with a plain 1/rank the
	// first word would be in nearly every item, and no query would be typical.
	zipfOffset = 15
)

// Langs are the languages items are written in.
func Langs() []string { return []string{"en", "es", "fr"} }

// CommonWords returns the k most frequent words of lang ("en", "es" or
// "fr"), most frequent first, accents kept: the words to search for.
func CommonWords(lang string, k int) []string {
	words := strings.Fields(vocabulary(lang))
	return words[:min(k, len(words))]
}

// Items yields n items made from seed.
func Items(seed int64, n int) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		g := newGenerator(seed)
		for range n {
			if !yield(g.next()) {
				return
			}
		}
	}
}

// generator draws items from one random source, so its sequence depends on
// the seed alone.
type generator struct {
	rnd       *rand.Rand
	langs     []string
	words     map[string][]string
	cdf       map[string][]float64 // cumulative Zipf weights, per language
	resources int
}

func newGenerator(seed int64) *generator {
	g := &generator{
		rnd:   rand.New(rand.NewPCG(uint64(seed), 0x1ab)),
		langs: Langs(),
		words: map[string][]string{},
		cdf:   map[string][]float64{},
	}
	for _, lang := range g.langs {
		words := strings.Fields(vocabulary(lang))
		cdf := make([]float64, len(words))
		sum := 0.0
		for r := range words {
			sum += 1 / float64(r+1+zipfOffset)
			cdf[r] = sum
		}
		g.words[lang], g.cdf[lang] = words, cdf
	}
	return g
}

func (g *generator) next() Item {
	it := Item{Lang: g.langs[g.rnd.IntN(len(g.langs))]}
	switch r := g.rnd.IntN(100); {
	case r < 70:
		it.Kind = "T"
	case r < 82:
		it.Kind = "Q"
	case r < 92:
		it.Kind = "A"
	default:
		it.Kind = "R"
		g.resources++
		it.URL = fmt.Sprintf("https://lab.example.org/resources/%d", g.resources)
	}
	words := make([]string, minWords+g.rnd.IntN(maxWords-minWords+1))
	for i := range words {
		words[i] = g.word(it.Lang)
	}
	first, size := utf8.DecodeRuneInString(words[0])
	words[0] = string(unicode.ToUpper(first)) + words[0][size:]
	end := "."
	if it.Kind == "Q" {
		end = "?"
	}
	it.Body = strings.Join(words, " ") + end
	ntags := 0
	switch r := g.rnd.IntN(100); {
	case r >= 85:
		ntags = 2
	case r >= 50:
		ntags = 1
	}
	for range ntags {
		if tag := textfold.Fold(g.word(it.Lang)); len(it.Tags) == 0 || it.Tags[0] != tag {
			it.Tags = append(it.Tags, tag)
		}
	}
	return it
}

// word draws one word of lang, the common ones more often.
func (g *generator) word(lang string) string {
	cdf := g.cdf[lang]
	return g.words[lang][sort.SearchFloat64s(cdf, g.rnd.Float64()*cdf[len(cdf)-1])]
}

// vocabulary lists lang's words, the most frequent first.
func vocabulary(lang string) string {
	switch lang {
	case "en":
		return english
	case "es":
		return spanish
	case "fr":
		return french
	}
	return ""
}

// The vocabularies, most frequent word first. Words are single tokens for
// FTS5's unicode61 tokenizer: no apostrophes, no hyphens.
const (
	english = `
	women health girls community funding education training leadership report budget advocacy
	organization program support network partners rights project data youth school clinic policy
	grant donor workshop meeting campaign strategy planning evaluation monitoring outreach
	volunteers staff members group local national regional government ministry council district
	village city rural urban family mothers daughters children adolescents teachers nurses midwives
	doctors leaders mentors mentorship coaching skills literacy numeracy scholarship tuition
	enrollment attendance dropout curriculum classroom safety violence protection shelter justice
	law legal reform equality equity inclusion disability access services care maternal reproductive
	sexual nutrition hygiene sanitation water menstrual pads vaccination malaria hiv prevention
	testing counseling mental wellbeing stress trauma healing income savings loans microfinance
	business enterprise market farming agriculture harvest land climate drought energy solar
	technology phones internet digital radio media messages stories storytelling communication
	visibility awareness petition parliament election vote candidates representation quota agenda
	priorities goals targets indicators outcomes impact results baseline survey interviews
	questionnaire sample findings analysis evidence research study pilot scale expansion
	sustainability resilience recovery emergency crisis response relief displacement refugees
	migrants border camp housing transport roads distance travel stipend allowance salary wages
	contract volunteer intern coordinator director manager officer facilitator trainer assistant
	accountant treasurer secretary chair board governance bylaws registration license compliance
	audit accounts expenses receipts invoices payments transfers bank cash mobile money fees costs
	overhead reserves fundraising proposal application deadline reporting narrative financial
	quarterly annual calendar schedule timeline milestone workplan logframe theory change learning
	reflection lessons practice guide toolkit manual handbook template checklist form spreadsheet
	database website newsletter bulletin brochure poster flyer banner video photo podcast webinar
	conference forum summit dialogue consultation roundtable panel speakers invitation venue
	logistics catering translation interpretation language english spanish french indigenous dialect
	sign braille accessible ramp wheelchair hearing vision elderly widows grandmothers sisters aunts
	neighbors friends allies champions men boys fathers husbands brothers religious chiefs elders
	tradition culture custom marriage child early pregnancy contraception abortion consent dignity
	respect trust confidentiality privacy security threats harassment abuse`

	spanish = `
	educación mujeres niñas salud comunidad financiamiento liderazgo capacitación informe
	presupuesto incidencia organización programa apoyo red socias derechos proyecto datos jóvenes
	escuela clínica política subvención donante taller reunión campaña estrategia planificación
	evaluación monitoreo difusión voluntarias personal miembros grupo local nacional regional
	gobierno ministerio consejo distrito aldea ciudad rural urbana familia madres hijas niños
	adolescentes maestras enfermeras parteras médicas lideresas mentoras mentoría acompañamiento
	habilidades alfabetización matemáticas beca matrícula asistencia deserción currículo aula
	seguridad violencia protección refugio justicia ley legal reforma igualdad equidad inclusión
	discapacidad acceso servicios cuidado materna reproductiva sexual nutrición higiene saneamiento
	agua menstrual toallas vacunación paludismo vih prevención pruebas orientación mental bienestar
	estrés trauma sanación ingresos ahorro préstamos microcrédito negocio empresa mercado cultivo
	agricultura cosecha tierra clima sequía energía solar tecnología teléfonos internet digital
	radio medios mensajes historias relatos comunicación visibilidad sensibilización petición
	parlamento elección voto candidatas representación cuota agenda prioridades metas objetivos
	indicadores resultados impacto logros línea encuesta entrevistas cuestionario muestra hallazgos
	análisis evidencia investigación estudio piloto escala expansión sostenibilidad resiliencia
	recuperación emergencia crisis respuesta socorro desplazamiento refugiadas migrantes frontera
	campamento vivienda transporte caminos distancia viaje viático salario sueldo contrato
	voluntaria pasante coordinadora directora gerente oficial facilitadora capacitadora asistente
	contadora tesorera secretaria presidenta junta gobernanza estatutos registro licencia
	cumplimiento auditoría cuentas gastos recibos facturas pagos transferencias banco efectivo móvil
	dinero cuotas costos egresos reservas recaudación propuesta solicitud plazo narrativo financiero
	trimestral anual calendario cronograma hito aprendizaje reflexión lecciones práctica guía
	herramientas manual plantilla lista formulario planilla base sitio boletín folleto afiche
	pancarta video foto pódcast seminario conferencia foro cumbre diálogo consulta mesa panel
	ponentes invitación lugar logística comida traducción interpretación idioma inglés español
	francés indígena dialecto señas braille accesible rampa silla audición visión ancianas viudas
	abuelas hermanas tías vecinas amigas aliadas defensoras hombres chicos padres esposos hermanos
	religiosos caciques mayores tradición cultura costumbre matrimonio infantil temprano embarazo
	anticoncepción aborto consentimiento dignidad respeto confianza confidencialidad privacidad
	amenazas acoso abuso maltrato autonomía empoderamiento participación ciudadanía feminista
	sororidad organizaciones colectivo alianza coalición`

	french = `
	stratégie femmes communauté égalité santé filles plaidoyer budget éducation financement
	formation leadership rapport organisation programme soutien réseau partenaires droits projet
	données jeunes école clinique politique subvention bailleur atelier réunion campagne
	planification évaluation suivi sensibilisation bénévoles équipe membres groupe locale nationale
	régionale gouvernement ministère conseil district village ville rurale urbaine famille mères
	enfants adolescentes enseignantes infirmières sages accoucheuses médecins dirigeantes mentores
	accompagnement encadrement compétences alphabétisation calcul bourse inscription assiduité
	décrochage scolaire classe sécurité violence protection refuge justice loi juridique réforme
	équité inclusion handicap accès services soins maternelle reproductive sexuelle nutrition
	hygiène assainissement eau menstruelle serviettes vaccination paludisme vih prévention dépistage
	écoute mentale bien être stress traumatisme guérison revenus épargne prêts microfinance
	entreprise marché élevage agriculture récolte terre climat sécheresse énergie solaire
	technologie téléphones internet numérique radio médias messages histoires récits communication
	visibilité pétition parlement élection vote candidates représentation quota agenda priorités
	objectifs cibles indicateurs résultats impact réalisations référence enquête entretiens
	questionnaire échantillon constats analyse preuves recherche étude pilote échelle extension
	durabilité résilience relèvement urgence crise réponse secours déplacement réfugiées migrantes
	frontière camp logement transport routes distance voyage indemnité salaire contrat volontaire
	stagiaire coordinatrice directrice gestionnaire chargée animatrice formatrice assistante
	comptable trésorière secrétaire présidente bureau gouvernance statuts enregistrement agrément
	conformité audit comptes dépenses reçus factures paiements virements banque espèces mobile
	argent cotisations coûts frais réserves collecte proposition candidature échéance narratif
	financier trimestriel annuel calendrier chronogramme étape apprentissage réflexion leçons
	pratique guide outils manuel modèle liste formulaire tableur base site bulletin dépliant affiche
	banderole vidéo photo balado webinaire conférence forum sommet dialogue consultation table panel
	intervenantes invitation lieu logistique repas traduction interprétation langue anglais espagnol
	français autochtone dialecte signes braille accessible rampe fauteuil audition vue âgées veuves
	grands tantes voisines amies alliées championnes hommes garçons pères maris frères religieux
	chefs aînés tradition culture coutume mariage précoce grossesse contraception avortement
	consentement dignité respect confiance confidentialité vie privée menaces harcèlement abus
	maltraitance autonomie autonomisation participation citoyenneté féministe sororité associations
	collectif alliance coalition émancipation solidarité quartier`
)
