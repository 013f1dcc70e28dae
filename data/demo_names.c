/* demo_names.c: what the demo office is made of, apart from writing it
 * (demo.c): Polish first names and surnames in their female and male
 * forms (listed roughly by frequency, so that Nowak and Anna come up more
 * often than Ziemowit), Ukrainian names for clients without a PESEL,
 * Lublin streets, phones, e-mail addresses and company names; PESELs and
 * NIPs unique by construction; the calendar of a weekday office; the odds
 * of a client's course (next visit, referral timing, way out); training
 * areas, the office activity log and the programmes. See demo_names.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "demo_names.h"
#include "text.h"

enum { SERIALS = 5000 };   /* PESEL serials of one sex on one day */

static const char *const female_names[] = {
	"Anna", "Katarzyna", "Maria", "Małgorzata", "Agnieszka", "Barbara", "Ewa",
	"Krystyna", "Magdalena", "Elżbieta", "Joanna", "Aleksandra", "Monika", "Zofia",
	"Teresa", "Danuta", "Natalia", "Julia", "Karolina", "Marta", "Beata", "Dorota",
	"Halina", "Jadwiga", "Janina", "Alicja", "Jolanta", "Irena", "Grażyna", "Iwona",
	"Justyna", "Paulina", "Bożena", "Urszula", "Renata", "Agata", "Sylwia", "Helena",
	"Wiktoria", "Patrycja", "Izabela", "Ewelina", "Hanna", "Marianna", "Stanisława",
	"Dominika", "Kinga", "Weronika", "Emilia", "Anita", "Edyta", "Wanda", "Lucyna",
	"Mirosława", "Zuzanna", "Wioletta", "Kamila", "Klaudia", "Oliwia", "Gabriela",
	"Martyna", "Amelia", "Lena", "Laura", "Maja", "Nikola", "Kornelia", "Alina",
	"Aneta", "Marzena", "Mariola", "Żaneta", "Bogumiła", "Bogusława", "Ilona",
	"Jagoda", "Łucja", "Ludmiła", "Eugenia", "Józefa", "Kazimiera", "Władysława",
	"Leokadia", "Czesława", "Stefania", "Regina", "Roksana", "Sabina", "Sandra",
	"Angelika", "Adrianna", "Daria", "Diana", "Elwira", "Eliza", "Felicja",
	"Honorata", "Ida", "Inga", "Jowita", "Judyta", "Kalina", "Klara", "Lidia",
	"Liliana", "Malwina", "Marlena", "Michalina", "Milena", "Nadia", "Nina", "Olga",
	"Pola", "Róża", "Sara", "Sonia", "Tamara", "Wacława", "Wiesława", "Zdzisława",
	"Zyta", "Żaklina", "Bronisława", "Celina", "Cecylia", "Dagmara", "Franciszka",
	"Halszka", "Ksenia", "Aurelia", "Antonina", "Apolonia", "Bernadeta", "Blanka",
	"Dobrosława", "Iga", "Luiza", "Mieczysława", "Radosława", "Teodora", "Jarosława",
	"Ligia", "Gustawa", "Aldona", "Bożenna", "Dobromiła", "Ewa Maria", "Anna Maria",
	"Grażyna Teresa", "Świętosława", "Wiesława Ewa", "Marcelina", "Florentyna",
	NULL
};

static const char *const male_names[] = {
	"Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin",
	"Jakub", "Adam", "Marek", "Łukasz", "Grzegorz", "Mateusz", "Wojciech", "Mariusz",
	"Dariusz", "Zbigniew", "Jerzy", "Maciej", "Rafał", "Robert", "Kamil", "Józef",
	"Janusz", "Jacek", "Ryszard", "Kazimierz", "Stanisław", "Tadeusz", "Roman",
	"Mirosław", "Sławomir", "Dawid", "Damian", "Sebastian", "Przemysław", "Bartosz",
	"Daniel", "Artur", "Arkadiusz", "Henryk", "Leszek", "Zdzisław", "Waldemar",
	"Wiesław", "Edward", "Mieczysław", "Czesław", "Bogdan", "Szymon", "Patryk",
	"Kacper", "Filip", "Hubert", "Karol", "Konrad", "Dominik", "Norbert", "Radosław",
	"Adrian", "Bartłomiej", "Bolesław", "Bronisław", "Cezary", "Emil", "Eugeniusz",
	"Franciszek", "Fryderyk", "Gabriel", "Gracjan", "Hieronim", "Ignacy", "Igor",
	"Ireneusz", "Jarosław", "Jędrzej", "Julian", "Juliusz", "Kajetan", "Kornel",
	"Krystian", "Lech", "Leon", "Leonard", "Lucjan", "Ludwik", "Maksymilian",
	"Marian", "Mikołaj", "Miłosz", "Natan", "Nikodem", "Olaf", "Oliwer", "Oskar",
	"Remigiusz", "Seweryn", "Stefan", "Sylwester", "Tymon", "Tymoteusz", "Wacław",
	"Walenty", "Wiktor", "Wincenty", "Witold", "Władysław", "Zenon", "Zygmunt",
	"Alan", "Aleksander", "Alfred", "Ambroży", "Antoni", "Bogusław", "Bogumił",
	"Borys", "Dobromir", "Edmund", "Eryk", "Feliks", "Florian", "Gerard", "Gustaw",
	"Hilary", "Ksawery", "Lesław", "Longin", "Marceli", "Maurycy", "Mścisław",
	"Olgierd", "Rajmund", "Roch", "Sambor", "Teodor", "Wawrzyniec", "Wit",
	"Zbysław", "Ziemowit", "Błażej", "Bożydar", "Dobiesław", "Euzebiusz", "Jeremi",
	"Kryspin", "Józef Maria", "Jan Paweł", "Żelisław", "Ścibor", "Radzimir",
	NULL
};

struct surname {
	const char *m, *f;
};

#define SKI(x) { x "ski", x "ska" }
#define CKI(x) { x "cki", x "cka" }
#define DZKI(x) { x "dzki", x "dzka" }
#define ADJ(x) { x "y", x "a" }
#define INV(x) { x, x }

static const struct surname surnames[] = {
	INV("Nowak"), SKI("Kowal"), SKI("Wiśniew"), INV("Wójcik"), INV("Kowalczyk"),
	SKI("Kamiń"), SKI("Lewandow"), SKI("Zieliń"), SKI("Szymań"), INV("Woźniak"),
	SKI("Dąbrow"), SKI("Kozłow"), INV("Mazur"), SKI("Jankow"), SKI("Kwiatkow"),
	SKI("Wojciechow"), INV("Krawczyk"), INV("Kaczmarek"), SKI("Piotrow"),
	SKI("Grabow"), INV("Zając"), SKI("Pawłow"), SKI("Michal"), INV("Król"),
	INV("Wieczorek"), SKI("Jabłoń"), INV("Wróbel"), SKI("Nowakow"), SKI("Majew"),
	SKI("Olszew"), INV("Stępień"), SKI("Malinow"), SKI("Jawor"), INV("Adamczyk"),
	INV("Dudek"), CKI("Nowi"), INV("Pawlak"), SKI("Gór"), SKI("Witkow"),
	INV("Walczak"), INV("Sikora"), INV("Baran"), SKI("Rutkow"), INV("Michalak"),
	INV("Szewczyk"), SKI("Ostrow"), SKI("Tomaszew"), INV("Pietrzak"), SKI("Zalew"),
	SKI("Wróblew"), INV("Marciniak"), SKI("Jasiń"), DZKI("Zawa"), INV("Bąk"),
	SKI("Jakubow"), SKI("Sadow"), INV("Duda"), INV("Włodarczyk"), INV("Wilk"),
	SKI("Chmielew"), SKI("Borkow"), SKI("Sokołow"), SKI("Szczepań"), CKI("Sawi"),
	INV("Lis"), SKI("Kuchar"), INV("Mazurek"), INV("Kubiak"), SKI("Kalinow"),
	CKI("Wyso"), SKI("Maciejew"), CKI("Czarne"), INV("Kołodziej"), SKI("Urbań"),
	INV("Kaźmierczak"), INV("Sobczak"), ADJ("Konieczn"), CKI("Głowa"),
	SKI("Zakrzew"), SKI("Krajew"), INV("Krupa"), SKI("Adam"), SKI("Wasilew"),
	SKI("Sikor"), SKI("Laskow"), SKI("Ziółkow"), SKI("Gajew"), INV("Szulc"),
	SKI("Makow"), SKI("Czerwiń"), SKI("Baranow"), INV("Szymczak"),
	INV("Kaczmarczyk"), SKI("Przybyl"), INV("Cieślak"), SKI("Kowalew"),
	SKI("Domań"), INV("Mróz"), SKI("Wilczyń"), INV("Kozieł"), INV("Kurek"),
	CKI("Lewi"), INV("Tomczyk"), INV("Kołodziejczyk"), INV("Siwiec"),
	ADJ("Szczęsn"), INV("Żak"), SKI("Żukow"), INV("Żmuda"), INV("Żuk"),
	INV("Pająk"), INV("Wężyk"), SKI("Żółtow"), INV("Brzęczyszczykiewicz"),
	INV("Chrząszcz"), INV("Gąsior"), SKI("Gołębiow"), INV("Łukasiewicz"),
	INV("Łuczak"), SKI("Łapiń"), INV("Łysiak"), INV("Ślusarczyk"), SKI("Śliwiń"),
	INV("Świątek"), SKI("Świder"), INV("Ćwikła"), INV("Ćwiek"), INV("Dziedzic"),
	SKI("Dziubiń"), INV("Kozak"), INV("Bartnik"), INV("Skiba"), INV("Kowal"),
	INV("Szwed"), SKI("Kędzier"), INV("Kępa"), INV("Marzec"), INV("Gil"),
	INV("Cholewa"), INV("Czech"), INV("Flis"), SKI("Gorzkow"), INV("Hołub"),
	INV("Iwaniuk"), INV("Jaroszuk"), INV("Kondratiuk"), INV("Szewczuk"),
	INV("Romaniuk"), INV("Ostapiuk"), INV("Hawryluk"), INV("Dmitruk"),
	INV("Wawrzyniuk"), INV("Sidoruk"), INV("Prokopiuk"), INV("Bojarczuk"),
	INV("Kuśmierczyk"), DZKI("Gro"), DZKI("Ru"), ADJ("Zadrożn"), ADJ("Biał"),
	ADJ("Czarn"), ADJ("Wesoł"), SKI("Tokarzew"),
	INV("Sieńko"), INV("Pęczek"), INV("Grzegorczyk"), INV("Jóźwiak"),
	SKI("Trzebiatow"), SKI("Zgorzel"), INV("Grzywacz"),
	INV("Kasprzak"), INV("Stachowiak"), 
	CKI("Biele"), CKI("Góre"), CKI("Kuba"), CKI("Poto"), CKI("Jaro"),
	CKI("Piase"), SKI("Dobrowol"), CKI("Radzi"), CKI("Orli"), CKI("Kozi"),
	INV("Pietrzyk"), INV("Żurek"), SKI("Żuraw"),
	SKI("Jurkow"), SKI("Bieliń"), INV("Kulesza"), SKI("Mikołajew"),
	INV("Mikołajczyk"), INV("Kaczor"), SKI("Kaczorow"), INV("Chmiel"),
	INV("Szczepaniak"), INV("Kowalik"), INV("Lipiec"),
	INV("Kołacz"), INV("Bednarz"), INV("Bednarczyk"), INV("Bednarek"),
	INV("Kot"), SKI("Kotow"), SKI("Lipiń"), SKI("Kurow"), SKI("Bogusław"),
	INV("Grzesiak"), SKI("Brzeziń"),
	CKI("Wierzbi"), INV("Wierzba"), INV("Dąb"), INV("Jaworek"), INV("Lach"),
	INV("Mularczyk"), INV("Rybak"), INV("Rybka"), INV("Sowa"), INV("Wrona"),
	INV("Kruk"), INV("Sroka"), INV("Szpak"), INV("Gołąb"), INV("Kos"),
	INV("Jeż"), INV("Zięba"), INV("Czyż"), INV("Wróbel-Sowa"), CKI("Rzepe"),
	INV("Rzeszutek"), INV("Rzeźnik"), INV("Tkaczyk"), INV("Szczygieł"),
	INV("Kmiecik"), INV("Kmieć"), INV("Wdowiak"), INV("Wdowczyk"), INV("Fijałek"),
	INV("Pastuszak"), INV("Olejnik"), INV("Olech"), INV("Małek"), INV("Małysz"),
	INV("Pyrka"), INV("Stasiak"), INV("Stańczyk"), INV("Sobieraj"),
	INV("Sobótka"), INV("Frączek"), INV("Gałązka"), INV("Gwóźdź"), INV("Zaręba"),
	INV("Zych"), SKI("Żebrow"), SKI("Żmijew"), INV("Źrebiec"),
	INV("Ślęzak"), SKI("Łoziń"), SKI("Łuczyń"), SKI("Ostaszew"), SKI("Chodor"),
	SKI("Tuszyń"), SKI("Wąsow"), SKI("Żurow"), CKI("Mali"), SKI("Radwań"),
	SKI("Gąsiew"), INV("Pęcherz"), SKI("Miłosław"), SKI("Gościń"), INV("Księżyc"),
	INV("Kędzia"), INV("Bębenek"), INV("Dróżdż"), INV("Grzęda"),
	INV("Kałuża"), INV("Ciećwierz"), INV("Łaszcz"), INV("Ćmiel"), INV("Źródło"),
	DZKI("Nowogro"), DZKI("Bro"), ADJ("Dobr"), ADJ("Mał"), CKI("Lube"),
	SKI("Kaczmar"), SKI("Kołakow"), SKI("Sobolew"), SKI("Borow"), SKI("Kowalczew"),
	SKI("Orzechow"), SKI("Wójtow"), SKI("Szczepkow"), SKI("Dudziń"), CKI("Kali"),
	CKI("Rybi"), INV("Kucharczyk"), INV("Janik"), INV("Lewczuk"), INV("Stelmach"),
	INV("Szymczyk"), INV("Wawrzyniak"), INV("Adamiec"), INV("Mazurkiewicz"),
	INV("Jankowiak"), INV("Ożóg"), INV("Sołtys"), INV("Śledź"),
	{ NULL, NULL }
};

/* Ukrainian names in passport transliteration; surnames in -ko, -uk, -yk
 * are the same for women and men. */
static const char *const ua_female[] = {
	"Olena", "Oksana", "Iryna", "Nataliia", "Tetiana", "Svitlana", "Yuliia",
	"Kateryna", "Anastasiia", "Viktoriia", "Halyna", "Mariia", "Olha", "Liudmyla",
	NULL
};
static const char *const ua_male[] = {
	"Oleksandr", "Andrii", "Serhii", "Volodymyr", "Dmytro", "Mykola", "Yurii",
	"Ivan", "Vasyl", "Taras", "Bohdan", "Oleh", "Maksym", "Vitalii", NULL
};
static const struct surname ua_surnames[] = {
	INV("Shevchenko"), INV("Kovalenko"), INV("Bondarenko"), INV("Tkachenko"),
	INV("Kravchenko"), INV("Melnyk"), INV("Boiko"), INV("Koval"), INV("Oliinyk"),
	INV("Lysenko"), INV("Moroz"), INV("Marchenko"), INV("Savchenko"),
	INV("Rudenko"), INV("Petrenko"), INV("Polishchuk"), INV("Kovalchuk"),
	{ "Levytskyi", "Levytska" }, { "Kaminskyi", "Kaminska" }, { NULL, NULL }
};

static size_t count(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static size_t count_surnames(const struct surname *list)
{
	size_t n = 0;
	while (list[n].m)
		n++;
	return n;
}

const char *demo_pick(struct demo_rng *r, const char *const *list)
{
	return list[demo_below(r, (long)count(list))];
}

const char *demo_nth(const char *const *list, uint64_t h)
{
	return list[h % count(list)];
}

static const char *surname(struct demo_rng *r, const struct surname *list, int female)
{
	const struct surname *s = &list[demo_skewed(r, count_surnames(list))];
	return female ? s->f : s->m;
}

static void make_person(struct demo_rng *r, int female, int foreign,
                        char *first, size_t firstsz, char *last, size_t lastsz)
{
	if (foreign) {
		snprintf(first, firstsz, "%s", demo_pick(r, female ? ua_female : ua_male));
		snprintf(last, lastsz, "%s", surname(r, ua_surnames, female));
		return;
	}
	const char *const *names = female ? female_names : male_names;
	snprintf(first, firstsz, "%s", names[demo_skewed(r, count(names))]);
	const char *a = surname(r, surnames, female);
	/* Double-barrelled surnames: mostly married women. */
	if (!strchr(a, '-') && demo_chance(r, female ? 45 : 6)) {
		const char *b = surname(r, surnames, female);
		if (strcmp(a, b) != 0 && !strchr(b, '-')) {
			snprintf(last, lastsz, "%s-%s", a, b);
			return;
		}
	}
	snprintf(last, lastsz, "%s", a);
}

/* Lublin streets with the postal code of their area. */
static const struct {
	const char *street, *postal;
} streets[] = {
	{ "ul. Krakowskie Przedmieście", "20-002" }, { "ul. Narutowicza", "20-016" },
	{ "ul. Lipowa", "20-020" }, { "ul. Chopina", "20-023" }, { "ul. Okopowa", "20-022" },
	{ "ul. Zana", "20-601" }, { "ul. Nadbystrzycka", "20-618" }, { "ul. Głęboka", "20-612" },
	{ "ul. Radziszewskiego", "20-031" }, { "ul. Sowińskiego", "20-040" },
	{ "ul. Spokojna", "20-074" }, { "ul. Peowiaków", "20-007" }, { "ul. 3 Maja", "20-078" },
	{ "ul. Ogrodowa", "20-075" }, { "ul. Królewska", "20-109" }, { "ul. Grodzka", "20-112" },
	{ "ul. Złota", "20-112" }, { "ul. Lubartowska", "20-115" }, { "ul. Ruska", "20-126" },
	{ "ul. Unicka", "20-126" }, { "ul. Kunickiego", "20-417" }, { "ul. Wrońska", "20-327" },
	{ "ul. Dywizjonu 303", "20-836" }, { "ul. Turystyczna", "20-207" },
	{ "ul. Mełgiewska", "20-209" }, { "ul. Fabryczna", "20-301" },
	{ "ul. Zemborzycka", "20-445" }, { "ul. Diamentowa", "20-447" },
	{ "al. Jana Pawła II", "20-535" }, { "al. Kraśnicka", "20-718" },
	{ "al. Racławickie", "20-037" }, { "al. Solidarności", "20-841" },
	{ "al. Warszawska", "20-803" }, { "al. Tysiąclecia", "20-121" },
	{ "al. Witosa", "20-315" }, { "al. Smorawińskiego", "20-079" },
	{ "al. Spółdzielczości Pracy", "20-147" }, { "ul. Koncertowa", "20-843" },
	{ "ul. Jana Sawy", "20-632" }, { "ul. Szeligowskiego", "20-883" },
	{ "ul. Bohaterów Monte Cassino", "20-705" }, { "ul. Nałęczowska", "20-701" },
	{ "ul. Poniatowskiego", "20-060" }, { "ul. Popiełuszki", "20-052" },
	{ "ul. Roztocze", "20-722" }, { "ul. Wileńska", "20-603" },
	{ "ul. Wyszyńskiego", "20-413" }, { "ul. Północna", "20-064" },
	{ "ul. Kalinowszczyzna", "20-201" }, { "ul. Wołyńska", "20-213" },
	{ "ul. Hutnicza", "20-218" }, { "ul. Czechowska", "20-072" },
	{ "ul. Bursztynowa", "20-576" }, { "ul. Orkana", "20-504" },
	{ "ul. Pana Balcera", "20-631" }, { "ul. Romera", "20-487" },
	{ "ul. Strzembosza", "20-851" }, { "ul. Szafirowa", "20-575" },
	{ "ul. Rycerska", "20-552" }, { "ul. Filaretów", "20-609" },
	{ "ul. Wallenroda", "20-607" }, { "ul. Kiepury", "20-838" },
	{ "ul. Łęczyńska", "20-313" }, { "ul. Wiejska", "20-454" },
	{ "ul. Mickiewicza", "20-466" }, { "ul. Kochanowskiego", "20-037" },
	{ "ul. Sienkiewicza", "20-023" }, { "ul. Długosza", "20-054" },
	{ "ul. Dolna Panny Marii", "20-010" }, { "ul. Bernardyńska", "20-109" },
	{ "ul. Świętoduska", "20-082" }, { "ul. Zamojska", "20-102" },
	{ "ul. Wieniawska", "20-071" }, { "ul. Lwowska", "20-128" },
	{ "ul. Gospodarcza", "20-213" }, { "ul. Inżynierska", "20-484" },
	{ "ul. Elektryczna", "20-478" }, { "ul. Dożynkowa", "20-216" },
	{ "ul. Jutrzenki", "20-538" }, { "ul. Ametystowa", "20-577" },
	{ "ul. Wiercieńskiego", "20-860" }, { "ul. Kleeberga", "20-243" },
	{ "ul. Krochmalna", "20-401" }, { "ul. Nadrzeczna", "20-836" },
	{ "ul. Żelazowej Woli", "20-806" }, { "ul. Gęsia", "20-819" },
	{ "ul. Szewska", "20-086" }, { "ul. Żmigród", "20-090" },
};

static void make_address(struct demo_rng *r, char *out, size_t outsz)
{
	size_t n = sizeof streets / sizeof *streets;
	size_t i = (size_t)demo_below(r, (long)n);
	long no = demo_range(r, 1, 120);
	if (demo_chance(r, 650))
		snprintf(out, outsz, "%s %ld/%ld, %s Lublin", streets[i].street, no,
		         demo_range(r, 1, 80), streets[i].postal);
	else
		snprintf(out, outsz, "%s %ld%s, %s Lublin", streets[i].street, no,
		         demo_chance(r, 100) ? "A" : "", streets[i].postal);
}

static void make_phone(struct demo_rng *r, int landline, char *out, size_t outsz)
{
	static const int mobile[] = { 501, 503, 505, 509, 512, 516, 530, 533, 535, 600,
	                              601, 602, 604, 606, 660, 661, 664, 668, 691, 693,
	                              697, 721, 724, 728, 781, 784, 790, 792, 881, 885 };
	if (landline)
		snprintf(out, outsz, "+48 81 %ld %02ld %02ld", demo_range(r, 440, 759),
		         demo_below(r, 100), demo_below(r, 100));
	else
		snprintf(out, outsz, "%d %03ld %03ld",
		         mobile[demo_below(r, sizeof mobile / sizeof *mobile)],
		         demo_below(r, 1000), demo_below(r, 1000));
}

/* The folded text with spaces turned into sep (for e-mail addresses). */
static void fold_word(const char *s, char sep, char *out, size_t outsz)
{
	text_fold(s, out, outsz);
	for (char *p = out; *p; p++)
		if (*p == ' ')
			*p = sep;
}

static void make_email(struct demo_rng *r, const char *first, const char *last,
                       char *out, size_t outsz)
{
	static const char *const domains[] = { "wp.pl", "onet.pl", "gmail.com", "interia.pl",
	                                       "o2.pl", "op.pl", "poczta.fm", "tlen.pl", NULL };
	char f[64], l[64];
	fold_word(first, '.', f, sizeof f);
	fold_word(last, '-', l, sizeof l);
	const char *dom = demo_pick(r, domains);
	switch (demo_below(r, 4)) {
	case 0:
		snprintf(out, outsz, "%s.%s@%s", f, l, dom);
		break;
	case 1:
		snprintf(out, outsz, "%s.%s%ld@%s", f, l, demo_range(r, 1, 99), dom);
		break;
	case 2:
		snprintf(out, outsz, "%c%s@%s", f[0], l, dom);
		break;
	default:
		snprintf(out, outsz, "%s_%s%ld@%s", l, f, demo_range(r, 60, 2008) % 100, dom);
		break;
	}
}

static const char *const company_words[] = {
	"Łąka", "Zorza", "Bystrzyca", "Lubelszczyzna", "Kozi Gród", "Sławin", "Czechów",
	"Ponikwoda", "Wrzos", "Jarzębina", "Orlik", "Sokół", "Żuraw", "Bursztyn", "Kasztan",
	"Pszczółka", "Świt", "Wisła", "Roztocze", "Polesie", "Żagiel", "Dąbrowa", "Jaskółka",
	"Słonecznik", "Lubgal", "Wschód", "Kresy", "Rubin", "Agat", "Malwa", "Zefir",
	"Herkules", "Mustang", "Źródełko", "Gęsia Skórka", "Pod Zegarem", "Brama",
	NULL
};
static const char *const company_kinds[] = {
	"Przedsiębiorstwo Handlowe", "Przedsiębiorstwo Handlowo-Usługowe",
	"Zakład Usług Remontowo-Budowlanych", "Przedsiębiorstwo Produkcyjno-Handlowe",
	"Hurtownia Spożywcza", "Piekarnia", "Zakład Stolarski", "Biuro Rachunkowe",
	"Centrum Medyczne", "Apteka", "Firma Transportowa", "Drukarnia", "Auto-Serwis",
	"Zakład Mechaniki Pojazdowej", "Pracownia Krawiecka", "Restauracja",
	"Agencja Ochrony", "Firma Sprzątająca", "Studio Projektowe", "Centrum Logistyczne",
	NULL
};
static const char *const company_forms[] = {
	"Sp. z o.o.", "Sp. z o.o.", "Sp. z o.o.", "S.A.", "Sp.j.", "Sp.k.", "s.c.", NULL
};

static void make_company_name(struct demo_rng *r, char *name, size_t namesz, char *email, size_t emailsz)
{
	char first[64], last[128], word[96];
	const char *w = demo_pick(r, company_words);
	fold_word(w, '-', word, sizeof word);
	switch (demo_below(r, 5)) {
	case 0:
	case 1:
		snprintf(name, namesz, "%s „%s” %s", demo_pick(r, company_kinds), w,
		         demo_pick(r, company_forms));
		break;
	case 2:
		make_person(r, demo_chance(r, 400), 0, first, sizeof first, last, sizeof last);
		snprintf(name, namesz, "%s %s %s", demo_pick(r, company_kinds), first, last);
		fold_word(last, '-', word, sizeof word);
		break;
	case 3:
		make_person(r, 0, 0, first, sizeof first, last, sizeof last);
		snprintf(name, namesz, "%s i Wspólnicy Sp.j.", last);
		fold_word(last, '-', word, sizeof word);
		break;
	default:
		snprintf(name, namesz, "%s %s", w, demo_pick(r, company_forms));
		break;
	}
	snprintf(email, emailsz, "%s@%s%s.pl", demo_chance(r, 500) ? "biuro" : "kadry", word,
	         demo_chance(r, 300) ? "-lublin" : "");
}

/* The calendar: days counted since 1970-01-01 (date_to_days). */

void demo_day_text(long days, char out[11])
{
	struct ok_date d = date_from_days(days);
	date_format(&d, out);
}

void demo_stamp(long day, int min, char out[32])
{
	char d[11];
	demo_day_text(day, d);
	snprintf(out, 32, "%sT%02d:%02d:00", d, min / 60 % 24, min % 60);
}

long demo_day(int y, int m, int d)
{
	struct ok_date x = { y, m, d };
	if (!date_valid(y, m, d))
		x = (struct ok_date){ y, 3, 1 };   /* 29 February in a common year */
	return date_to_days(&x);
}

long demo_years_after(long birth, int years)
{
	struct ok_date b = date_from_days(birth);
	return demo_day(b.y + years, b.m, b.d);
}

/* 0 for Monday: 1970-01-01 was a Thursday. */
static long weekday(long d)
{
	return ((d + 3) % 7 + 7) % 7;
}

long demo_workday(long d)
{
	return weekday(d) >= 5 ? d + 7 - weekday(d) : d;
}

long demo_workday_back(long d)
{
	return weekday(d) >= 5 ? d - (weekday(d) - 4) : d;
}

void demo_sessions_plan(struct demo_sessions *s, long start, long today, long attendances)
{
	long want = attendances / 8 + 1, all = 0, k = 0;
	for (long d = start; d <= today; d++)
		all += weekday(d) == 1 || weekday(d) == 3;
	long step = want < all ? all / want : 1;
	s->slots = want < all ? 1 : (int)(want / all < 4000 ? want / all : 4000);
	s->days = malloc((size_t)(all + 1) * sizeof *s->days);
	if (!s->days)
		abort();
	s->n = 0;
	for (long d = start; d <= today; d++)
		if ((weekday(d) == 1 || weekday(d) == 3) && k++ % step == 0)
			s->days[s->n++] = d;
}

int64_t demo_session(struct demo_rng *r, const struct demo_sessions *s, long day, long *on)
{
	int lo = 0, hi = s->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->n)
		return 0;
	*on = s->days[lo];
	return (int64_t)*on * 4096 + demo_below(r, s->slots) + 1;
}

/* The course of a registration. */

const char *const demo_kind_code[] = {
	"initial_interview", "individual_advice", "group_advice", "vocational_info",
	"test_examination", "contact", "employer_advice", "vacancy", "referral_counselor",
	"referral_soft_skills", "referral_training", "referral_internship",
	"referral_socially_useful_work", "referral_outcome", "startup_grant",
	"deregistration", "registration"
};

enum kind demo_next_kind(struct demo_rng *r, int forced)
{
	long x = demo_below(r, forced ? 54 : 100);
	return x < 34 ? K_CONTACT : x < 54 ? K_ADVICE : x < 61 ? K_GROUP : x < 71 ? K_VOCINFO
	     : x < 74 ? K_TEST : x < 79 ? K_REF_COUNSELOR : x < 83 ? K_REF_SOFT
	     : x < 91 ? K_REF_TRAINING : x < 98 ? K_REF_INTERNSHIP : K_REF_SUW;
}

const short demo_referral_timing[][4] = {
	[K_REF_COUNSELOR] = { 1, 14, 7, 45 }, [K_REF_SOFT] = { 5, 20, 0, 2 },
	[K_REF_TRAINING] = { 10, 40, 20, 80 }, [K_REF_INTERNSHIP] = { 7, 30, 90, 180 },
	[K_REF_SUW] = { 5, 15, 30, 120 },
};

int demo_reason_final(const char *r)
{
	return strcmp(r, "retirement_age") == 0 || strcmp(r, "pension_rights") == 0 ||
	       strcmp(r, "pre_retirement_benefit") == 0 || strcmp(r, "moved") == 0;
}

const char *demo_reason(struct demo_rng *rng, int female, int age, int unemployed, int act2025,
                        int *vanish)
{
	static const struct {
		const char *code;
		int permille;
	} reasons[] = {
		{ "work_unsubsidised", 360 }, { "work_subsidised", 80 }, { "business_grant", 30 },
		{ "training_start", 35 }, { "internship_start", 60 },
		{ "socially_useful_work_start", 15 }, { "refusal", 25 },
		{ "failure_to_appear", 130 }, { "voluntary", 70 }, { "education", 30 },
		{ "retirement_age", 10 }, { "pension_rights", 10 },
		{ "pre_retirement_benefit", 10 }, { "moved", 50 }, { "other", 85 },
	};
	long x = demo_below(rng, 1000);
	size_t i = 0;
	while (i + 1 < sizeof reasons / sizeof *reasons && x >= reasons[i].permille)
		x -= reasons[i++].permille;
	const char *r = reasons[i].code;
	*vanish = 0;
	if (!unemployed && i >= 2 && i <= 5)
		r = "work_unsubsidised";   /* instruments for the unemployed only */
	if (i == 10 && !(female && age >= 60))
		r = "other";               /* retirement age: 60 for women, 65 for men */
	if ((i == 11 || i == 12) && age < 55)
		r = "other";
	if (i == 6 && act2025 && demo_chance(rng, 700))
		r = "voluntary";           /* one refusal no longer ends the status */
	if (i == 7 && act2025) {
		r = unemployed ? "no_contact_90d" : "voluntary";
		*vanish = unemployed;
	}
	return r;
}

/* Identifiers, and whole clients and employers. */

void demo_hex32(uint64_t a, uint64_t b, char out[33])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		out[i] = digits[(a >> (60 - 4 * i)) & 15];
		out[16 + i] = digits[(b >> (60 - 4 * i)) & 15];
	}
	out[32] = '\0';
}

/* A permutation of [0, n) (n <= 65536) by a 4-round Feistel network with
 * cycle walking: gives every client of a block a different birth day. */
static long permute(uint64_t key, long x, long n)
{
	do {
		uint32_t l = (uint32_t)x >> 8, r = (uint32_t)x & 0xff;
		for (uint32_t round = 0; round < 4; round++) {
			uint32_t t = l ^ (uint32_t)(demo_mix(key + (round << 8) + r) & 0xff);
			l = r;
			r = t;
		}
		x = (long)((l << 8) | r);
	} while (x >= n);
	return x;
}

static void make_pesel(long birth, int serial, char out[12])
{
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	struct ok_date d = date_from_days(birth);
	/* The month carries the century: +80, 0, +20, +40, +60 from 1800. */
	int month = d.m + (d.y < 1900 ? 80 : d.y < 2000 ? 0 : d.y < 2100 ? 20 : d.y < 2200 ? 40 : 60);
	int v[5] = { d.y % 100, month, d.d, serial / 100 % 100, serial % 100 };
	int sum = 0;
	for (int i = 0; i < 5; i++) {
		out[2 * i] = (char)('0' + v[i] / 10);
		out[2 * i + 1] = (char)('0' + v[i] % 10);
	}
	for (int i = 0; i < 10; i++)
		sum += (out[i] - '0') * w[i];
	out[10] = (char)('0' + (10 - sum % 10) % 10);
	out[11] = '\0';
}

/* The c-th NIP: a Lublin tax office prefix, a body unique for each c, and
 * the check digit; numbers whose remainder is 10 are skipped. */
static void make_nip(long *c, char out[11])
{
	static const char *const prefix[] = { "712", "713", "946" };
	static const int w[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	for (;; (*c)++) {
		long body = (*c / 3 * 387403 + 4321) % 1000000;
		snprintf(out, 11, "%s%06ld", prefix[*c % 3], body);
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (out[i] - '0') * w[i];
		if (sum % 11 != 10) {
			out[9] = (char)('0' + sum % 11);
			out[10] = '\0';
			(*c)++;
			return;
		}
	}
}

/* The i-th client. The birth day comes from a permutation of the birth
 * window chosen per block of birth_days clients, so the clients of a
 * block are born on different days; the PESEL serial adds the block to
 * a number derived from the day, so clients of different blocks born on
 * the same day differ: no two clients share a PESEL (up to 5000 blocks). */
void demo_identity(struct demo_rng *r, uint64_t seed, long i, long birth_lo, long birth_days,
                   struct demo_identity *who)
{
	static const char *const edu[] = { "higher", "vocational_secondary", "general_secondary",
	                                   "basic_vocational", "primary_or_none" };
	static const int edu_permille[] = { 220, 240, 120, 220, 200 };
	memset(who, 0, sizeof *who);
	who->female = demo_chance(r, 520);
	who->foreign = demo_chance(r, 10);
	long block = i / birth_days;
	who->birth = birth_lo + permute(demo_mix(seed ^ ((uint64_t)block << 20)), i % birth_days,
	                                     birth_days);
	long serial = (block + (long)(demo_mix(seed + (uint64_t)who->birth) % SERIALS)) % SERIALS;
	if (!who->foreign) {
		make_pesel(who->birth, (int)serial * 2 + !who->female, who->pesel);
	} else if (demo_chance(r, 700)) {
		who->doc_type = "passport";
		snprintf(who->doc, sizeof who->doc, "F%c%06ld", 'A' + (int)(i / 1000000 % 26), i % 1000000);
	} else {
		who->doc_type = "id_card";
		snprintf(who->doc, sizeof who->doc, "%09ld", 300000000 + i);
	}
	make_person(r, who->female, who->foreign, who->first, sizeof who->first, who->last,
	            sizeof who->last);
	text_fold(who->first, who->first_fold, sizeof who->first_fold);
	text_fold(who->last, who->last_fold, sizeof who->last_fold);
	if (demo_chance(r, 920))
		make_address(r, who->address, sizeof who->address);
	if (demo_chance(r, 850))
		make_phone(r, demo_chance(r, 150), who->phone, sizeof who->phone);
	if (demo_chance(r, 300))
		make_email(r, who->first, who->last, who->email, sizeof who->email);
	long x = demo_below(r, 1000);
	for (int k = 0; k < 5 && !who->education; x -= edu_permille[k++])
		if (x < edu_permille[k])
			who->education = edu[k];
	if (who->foreign && demo_chance(r, 300))
		who->education = NULL;
	if (demo_chance(r, 60))
		who->disability = demo_chance(r, 400) ? "light" : demo_chance(r, 830) ? "moderate" : "severe";
}

void demo_company(struct demo_rng *r, long *nip_seq, struct demo_company *co)
{
	make_nip(nip_seq, co->nip);
	make_company_name(r, co->name, sizeof co->name, co->email, sizeof co->email);
	if (!demo_chance(r, 700))
		co->email[0] = '\0';
	make_address(r, co->address, sizeof co->address);
	make_phone(r, 1, co->phone, sizeof co->phone);
	text_fold(co->name, co->fold, sizeof co->fold);
}

const char *const demo_trainings[] = {
	"spawanie metodą MAG", "spawanie metodą TIG", "księgowość z obsługą programu Symfonia",
	"obsługa wózków widłowych", "kadry i płace", "kurs prawa jazdy kat. C z kwalifikacją wstępną",
	"opiekun osoby starszej", "grafika komputerowa", "stylizacja paznokci",
	"kucharz – kuchnia polska", "magazynier z obsługą wózka jezdniowego", "florystyka",
	"programowanie w języku Python", "obsługa kas fiskalnych", "operator koparko-ładowarki",
	"uprawnienia SEP do 1 kV", "fryzjerstwo", "język angielski w biznesie", "barista",
	"technolog robót wykończeniowych", "projektowanie stron internetowych",
	"pracownik ochrony fizycznej", "sprzedawca z obsługą komputera", NULL
};

const char *const demo_suw_places[] = {
	"Miejski Ośrodek Pomocy Rodzinie w Lublinie", "Zarząd Zieleni Miejskiej w Lublinie",
	"Schronisko dla Bezdomnych Zwierząt w Lublinie", "Dom Pomocy Społecznej „Kalina”",
	"Zarząd Dróg i Mostów w Lublinie", "Lubelski Bank Żywności", "Parafia św. Michała Archanioła",
	NULL
};

const char *const demo_group_topics[] = {
	"Autoprezentacja w rozmowie kwalifikacyjnej", "Jak napisać CV i list motywacyjny",
	"Aktywne poszukiwanie pracy w internecie", "Radzenie sobie ze stresem",
	"Planowanie kariery zawodowej", "Własna firma – pierwsze kroki", NULL
};

const char *const demo_tests[] = {
	"Kwestionariusz Zainteresowań Zawodowych", "Test Uzdolnień Wielokierunkowych",
	"Kwestionariusz Preferencji Zawodowych", NULL
};

/* Codes of the Polish classification of occupations (KZiS): salesperson,
 * warehouse worker, cook, office clerk, welder, lorry driver, cleaner,
 * hairdresser, bricklayer, electrician, car mechanic, baker, waiter,
 * administration, construction and accounting technicians, packer,
 * forklift operator, medical carer, programmer, nurse, teacher. */
const char *const demo_occupations[] = {
	"522301", "432106", "512001", "411004", "721306", "833203", "911207", "514101",
	"711204", "741103", "723103", "751201", "513101", "334306", "311204", "431103",
	"932101", "834401", "532102", "251401", "222101", "235107", NULL
};

const char *const demo_soft_skills_centre =
	"Centrum Informacji i Planowania Kariery Zawodowej WUP w Lublinie";

/* Indicators that come from the office activity log (source column of
 * indicators.tsv), with quantities near the 2023 report's. */
const struct demo_activity demo_activities[] = {
	{ "1.2.1a", 2, 2, 0, "Lubelskie Targi Pracy" },
	{ "1.2.1b", 150, 2, 1, "Wystawcy na Lubelskich Targach Pracy" },
	{ "1.2.1c", 5, 5, 0, "Udział w targach pracy innej instytucji" },
	{ "1.2.2", 1, 1, 0, "Giełda pracy dla branży budowlanej" },
	{ "1.2.3b", 1400, 12, 0, "Miejsca aktywizacji zawodowej" },
	{ "1.4.1", 1, 1, 0, "Zmiana regulaminu organizacyjnego Urzędu" },
	{ "1.4.2", 720, 12, 0, "Wizyty marketingowe u pracodawców" },
	{ "1.4.4", 160, 8, 0, "Szkolenie pracowników Urzędu" },
	{ "2.1.2", 6, 6, 0, "Analiza na potrzeby projektu" },
	{ "2.1.3", 85, 12, 0, "Analiza struktury zarejestrowanych klientów" },
	{ "2.2.4a", 3, 3, 0, "Przedsięwzięcie z zakresu ekonomii społecznej" },
	{ "2.2.4d", 1, 1, 0, "Przedsięwzięcie z Centrum Integracji Społecznej" },
	{ "3.1.1", 15, 15, 0, "Inicjatywa promująca przedsiębiorczość" },
	{ "3.1.2", 2, 2, 0, "Przedsięwzięcie na rzecz rozwoju przedsiębiorczości" },
	{ "3.1.3", 17, 17, 0, "Projekt innej organizacji promowany na stronie Urzędu" },
	{ "3.1.4", 11, 11, 0, "Upowszechnianie informacji o usługach Urzędu" },
	{ "3.1.5", 3, 3, 0, "Inicjatywa promująca przedsiębiorczość z partnerem" },
	{ "4.1.1", 4, 4, 0, "Porozumienie o współpracy" },
	{ "4.3.1", 3, 3, 0, "Spotkanie Lubelskiego Partnerstwa Publiczno-Społecznego" },
	{ NULL, 0, 0, 0, NULL }
};

long demo_activity_day(uint64_t seed, int a, int y, int e)
{
	const struct demo_activity *act = &demo_activities[a];
	struct demo_rng r;
	if (act->with_previous)
		a--;
	demo_rng_seed(&r, seed ^ demo_mix((uint64_t)(y * 100 + e) << 8 | (uint64_t)a));
	return demo_workday(demo_day(y, 1, 1) + 365L * e / act->entries +
	                    demo_below(&r, 365 / act->entries));
}

/* Groups recorded at registration (not derived), by the act that has them. */
const struct demo_group demo_groups[] = {
	{ "social_assistance", 80, 0 }, { "parent_child_under_6", 70, 0 },
	{ "parent_disabled_child", 10, 0 }, { "pensioner", 20, 1 },
	{ "single_parent", 40, 1 }, { "large_family", 30, 1 },
	{ NULL, 0, 0 }
};

const struct demo_programme demo_programmes[] = {
	{ "Program specjalny „Aktywni 50+ w Lublinie”", "special", "national", 1, 500, 540 },
	{ "Aktywizacja osób młodych pozostających bez pracy w mieście Lublin", "own_eu", "eu", 1, 700, 0 },
	{ "Aktywizacja zawodowa osób bezrobotnych w Lublinie (FEL 2021–2027)", "partner_eu", "eu", 0, 650, 0 },
	{ "Lubelski Klub Pracy – z Miejskim Ośrodkiem Pomocy Rodzinie", "partner_external", "external", 1, 400, 365 },
	{ "Regionalny program „Praca w Lubelskiem”", "partner_regional", "national", 0, 600, 0 },
	{ "Lubelski Inkubator Przedsiębiorczości", "business_support", "national", 0, 720, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};
