"""The letters Trinvis ships, to start a programme's templates from: the letter to a
municipality's chief executive and the invitation to a workshop, in Danish, Norwegian
Bokmål and English.

They are written out per language rather than translated through the catalogues: a
template is the agency's own text in the recipient's language, saved and edited per
language (LetterTemplate), so the default is its first draft in that language, not a
message of the user interface. They follow the agency process (DOMAIN.md §4): the letter
asks the chief executive to back the work and to see that the right people from all
three qualifying units take part; the invitation goes to the municipality's contact person
with the workshop's target group, place and dates, background, goal, themes, cost and
deadline.
"""

from dataclasses import dataclass

from trinvis.programmes.models import LetterKind


@dataclass(frozen=True)
class DefaultText:
    subject: str
    body: str


_CHIEF_EXECUTIVE = {
    "da": DefaultText(
        "{programme}: invitation til {municipality}",
        """Kære kommunaldirektør

Vi skriver for at fortælle, at {municipality} er inviteret til at være med i {programme}. \
Formålet er, at flere deltagere i integrationsprogrammet kommer i job eller uddannelse. Det \
sker ved at arbejde med kommunens egne udfordringer sammen med de enheder, der står for \
deltagernes forløb.

Ledere og medarbejdere fra integrationsområdet, sprogcentret og jobcentret inviteres til \
workshops, hvor hver kommune lægger sin egen plan. Vi følger op med kommunen mellem og \
efter workshoppene.

Første workshop: {dates}
Sted: {place}

Arbejdet lykkes bedst, når ledelsen bakker op. Vi beder dig derfor sørge for, at de rette \
medarbejdere fra alle tre enheder bliver tilmeldt, at enhedernes ledere også deltager, og at \
de samme personer kommer til alle workshops.

Vores kontaktperson i kommunen er {contact}, som har fået invitationen med de praktiske \
oplysninger.

Med venlig hilsen
{sender}""",
    ),
    "nb": DefaultText(
        "{programme}: invitasjon til {municipality}",
        """Til kommunedirektøren

Vi skriver for å fortelle at {municipality} er invitert til å delta i {programme}. Målet er \
at flere deltakere i introduksjonsprogrammet går over til arbeid eller utdanning. Det gjør vi \
ved å arbeide med kommunens egne utfordringer sammen med enhetene som kvalifiserer \
deltakerne.

Ledere og ansatte fra flyktningtjenesten, voksenopplæringen og NAV inviteres til \
fagsamlinger der hver kommune lager sin egen plan. Vi følger opp kommunen mellom og etter \
samlingene.

Første fagsamling: {dates}
Sted: {place}

Arbeidet lykkes best når ledelsen står bak. Vi ber deg derfor sørge for at de riktige \
medarbeiderne fra alle tre enhetene blir påmeldt, at lederne for enhetene også deltar, og at \
de samme personene kommer på alle samlingene.

Vår kontaktperson i kommunen er {contact}, som har fått invitasjonen med den praktiske \
informasjonen.

Med vennlig hilsen
{sender}""",
    ),
    "en": DefaultText(
        "{programme}: an invitation to {municipality}",
        """Dear chief executive,

We are writing to let you know that {municipality} is invited to take part in {programme}. \
Its aim is that more participants in the introduction programme move on to work or \
education. We get there by working on the municipality's own challenges together with the \
units that qualify the participants.

Leaders and staff from the refugee service, adult education and the employment service are \
invited to workshops where each municipality makes its own plan. We follow up with the \
municipality between and after the workshops.

First workshop: {dates}
Place: {place}

The work succeeds best when the leadership stands behind it. We therefore ask you to make \
sure that the right people from all three units are signed up, that the leaders of the units \
take part as well, and that the same people come to every workshop.

Our contact person in the municipality is {contact}, who has received the invitation with \
the practical details.

Kind regards
{sender}""",
    ),
}

_INVITATION = {
    "da": DefaultText(
        "Invitation: {programme}, {dates}",
        """Kære {contact}

{municipality} inviteres til workshop i {programme}.

Hvornår: {dates}
Hvor: {place}
For hvem: {target_group}

Baggrund
{background}

Mål
{goal}

Temaer
{themes}

Pris: {cost}

Tilmeld kommunens deltagere senest {deadline} ved at svare på denne e-mail med hver \
deltagers navn, e-mailadresse, enhed og stilling. Vi ønsker deltagere fra alle tre enheder, \
heriblandt en leder, der kan træffe beslutninger, og at de samme personer deltager i alle \
workshops.

Workshopdagene er vedhæftet som en kalenderfil.

Med venlig hilsen
{sender}""",
    ),
    "nb": DefaultText(
        "Invitasjon: {programme}, {dates}",
        """Hei {contact}

{municipality} inviteres til fagsamling i {programme}.

Når: {dates}
Hvor: {place}
For hvem: {target_group}

Bakgrunn
{background}

Mål
{goal}

Tema
{themes}

Kostnad: {cost}

Meld på deltakerne fra kommunen innen {deadline} ved å svare på denne e-posten med navn, \
e-postadresse, enhet og stilling for hver deltaker. Vi ønsker deltakere fra alle tre \
kvalifiserende enheter, blant dem en leder med beslutningsmyndighet, og at de samme personene \
deltar på alle samlingene.

Dagene for fagsamlingen ligger vedlagt som kalenderfil.

Med vennlig hilsen
{sender}""",
    ),
    "en": DefaultText(
        "Invitation: {programme}, {dates}",
        """Dear {contact},

{municipality} is invited to a workshop in {programme}.

When: {dates}
Where: {place}
For whom: {target_group}

Background
{background}

Goal
{goal}

Themes
{themes}

Cost: {cost}

Please sign up the participants from the municipality by {deadline}: reply to this e-mail \
with each person's name, e-mail address, unit and position. We ask for people from all three \
qualifying units, among them a leader who can make decisions, and that the same people come \
to every workshop.

The workshop days are attached as a calendar file.

Kind regards
{sender}""",
    ),
}

DEFAULTS: dict[str, dict[str, DefaultText]] = {
    LetterKind.CHIEF_EXECUTIVE: _CHIEF_EXECUTIVE,
    LetterKind.INVITATION: _INVITATION,
}


def default_for(kind: str, language: str) -> DefaultText:
    """The shipped text of a kind of letter in a language (every kind ships in every
    language of the site)."""
    return DEFAULTS[kind][language]
