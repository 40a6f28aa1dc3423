"""The directory's controlled vocabularies: one source for forms, pages, search facets, seed validation and the API.

Every term has a stable code (lower-case, hyphenated: it appears in URLs and in the API), a label for people and a
plain-English description. Codes are a public contract: add new ones freely, but never rename or reuse one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    description: str


class Vocabulary:
    """An ordered set of terms, looked up by code."""

    def __init__(self, code: str, label: str, description: str, terms: list[Term]):
        self.code = code
        self.label = label
        self.description = description
        self.terms = tuple(terms)
        self._by_code = {term.code: term for term in self.terms}
        if len(self._by_code) != len(self.terms):
            raise ValueError(f"duplicate code in vocabulary {code}")

    def __iter__(self):
        return iter(self.terms)

    def __len__(self):
        return len(self.terms)

    def __contains__(self, code) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Term | None:
        return self._by_code.get(code)

    def label_for(self, code: str) -> str:
        term = self._by_code.get(code)
        return term.label if term else code

    def codes(self) -> list[str]:
        return [term.code for term in self.terms]

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) pairs, the shape WTForms choices take."""
        return [(term.code, term.label) for term in self.terms]

    def titled(self, label: str, description: str) -> Vocabulary:
        """The same terms under another heading, for a facet that reads them differently (regions a provider
        serves rather than where a listing runs)."""
        return Vocabulary(self.code, label, description, list(self.terms))


REGIONS = Vocabulary("region", "Region", "The UK nation or English region where the provision runs or which it serves.", [
    Term("scotland", "Scotland", "Provision in Scotland."),
    Term("wales", "Wales", "Provision in Wales."),
    Term("northern-ireland", "Northern Ireland", "Provision in Northern Ireland."),
    Term("north-east", "North East", "North East England, including Newcastle, Sunderland, Durham and Teesside."),
    Term("north-west", "North West", "North West England, including Manchester, Liverpool, Cheshire, Lancashire and Cumbria."),
    Term("yorkshire-and-the-humber", "Yorkshire and the Humber", "Including Leeds, Sheffield, Bradford, York and Hull."),
    Term("east-midlands", "East Midlands", "Including Nottingham, Leicester, Derby, Lincoln and Northampton."),
    Term("west-midlands", "West Midlands", "Including Birmingham, Coventry, Wolverhampton, Stoke and the Black Country."),
    Term("east-of-england", "East of England", "Including Cambridge, Norwich, Ipswich, Stevenage and Luton."),
    Term("london", "London", "Greater London's 32 boroughs and the City of London."),
    Term("south-east", "South East", "Including Oxford, Reading, Brighton, Southampton, Kent and Surrey."),
    Term("south-west", "South West", "Including Bristol, Exeter, Plymouth, Bath and Cornwall."),
    Term("england", "England only", "Open to people anywhere in England, but not in Scotland, Wales or Northern Ireland."),
    Term("great-britain", "Great Britain", "Open to people in England, Scotland and Wales, but not Northern Ireland."),
    Term("uk-wide", "UK-wide", "Open to people anywhere in the UK, or run nationally."),
])

UK_WIDE = "uk-wide"
GREAT_BRITAIN = "great-britain"
ENGLAND = "england"

PROVISION_TYPES = Vocabulary("type", "Type of provision", "What kind of opportunity the listing is.", [
    Term("apprenticeship", "Apprenticeship", "A paid job with training, leading to a recognised standard (Levels 2 to 7)."),
    Term("degree-apprenticeship", "Degree apprenticeship", "An apprenticeship that leads to a bachelor's or master's degree (Levels 6 and 7)."),
    Term("htq", "Higher Technical Qualification", "A Level 4 or 5 qualification (such as an HNC, HND or foundation degree) approved as meeting employers' needs."),
    Term("t-level", "T Level", "A two-year technical course for 16 to 19 year olds, equal to three A levels, with an industry placement."),
    Term("skills-bootcamp", "Skills Bootcamp", "A free, flexible course of up to 16 weeks for adults, with a guaranteed job interview."),
    Term("supported-internship", "Supported internship", "A work-based study programme for young people aged 16 to 24 with an education, health and care plan."),
    Term("short-course", "Short course", "A course of days or weeks, with or without a qualification."),
    Term("college-course", "College course", "A further education course at a college, such as a vocational qualification or an Access to Higher Education diploma."),
    Term("cpd", "CPD for people in work", "Continuing professional development: training for people already working in the sector."),
    Term("employment-support", "Employment support programme", "Help to find and keep a job: coaching, work experience, job matching and guaranteed interviews."),
    Term("outreach", "Community and school outreach", "Activities that bring science and science careers to schools, families and communities."),
    Term("training-centre", "Training centre or hub", "A place or network that runs training, often with specialist facilities."),
    Term("careers-guidance", "Careers information and guidance", "Advice, resources and role models about careers in life sciences."),
    Term("funding", "Funding for skills", "Money or schemes that pay for training, placements or programmes."),
    Term("work-experience", "Work experience and placements", "Time in a workplace or laboratory to learn what a job involves."),
    Term("fellowship", "Fellowship or scholarship", "A funded place for study, research or leadership development."),
    Term("university-course", "University course", "A higher national, undergraduate or postgraduate course or research degree."),
    Term("business-support", "Business and innovation support", "Help for organisations to innovate, grow and develop their workforce."),
    Term("employer-network", "Employer network or skills board", "A forum where employers, educators and public bodies plan skills together."),
    Term("strategy", "Strategy or plan", "A published plan for skills in the sector or a place: what will be done, by whom and when."),
])

SECTIONS = Vocabulary("section", "Directory section", "The three sections of MedCity's directory of resources.", [
    Term("job-focused-training", "Job-focused training", "Programmes that prepare people for specific jobs, including apprenticeships and employment support."),
    Term("alternative-qualifications", "Alternatives to traditional qualifications", "Routes into the sector other than a conventional degree: technical qualifications, bootcamps and short courses."),
    Term("community-outreach", "Community outreach", "Activities that open the sector to schools, families and local communities."),
])

LEVELS = Vocabulary("level", "Qualification level", "The level of the qualification or training, from Entry level to Level 8.", [
    Term("entry", "Entry level", "Basic skills, below GCSE."),
    Term("level-1", "Level 1", "Equivalent to GCSE grades 3 to 1 (D to G)."),
    Term("level-2", "Level 2", "Equivalent to GCSE grades 9 to 4 (A* to C)."),
    Term("level-3", "Level 3", "Equivalent to A levels or a T Level."),
    Term("level-4", "Level 4", "Equivalent to a Higher National Certificate (HNC) or the first year of a degree; Higher Technical Qualifications start here."),
    Term("level-5", "Level 5", "Equivalent to a Higher National Diploma (HND) or foundation degree."),
    Term("level-6", "Level 6", "Equivalent to a bachelor's degree."),
    Term("level-7", "Level 7", "Equivalent to a master's degree."),
    Term("level-8", "Level 8", "Equivalent to a doctorate (PhD)."),
    Term("no-qualification", "No formal qualification", "Activities and support that do not lead to a qualification."),
])

AUDIENCES = Vocabulary("audience", "Who it is for", "The people the provision is designed for.", [
    Term("primary-pupils", "Primary school pupils (age 5 to 11)", "Children at primary school."),
    Term("secondary-pupils", "Secondary school pupils (age 11 to 16)", "Young people at secondary school."),
    Term("age-16-18", "Young people aged 16 to 18", "Young people in sixth form, college or starting work."),
    Term("young-people-18-24", "Young people aged 18 to 24", "Young adults, including those not in education, employment or training."),
    Term("adults", "Adults aged 19 and over", "Adults of any age looking to train or retrain."),
    Term("unemployed", "Unemployed people", "People out of work and looking for a job."),
    Term("career-changers", "Career changers", "People moving into life sciences from another sector."),
    Term("in-work", "People already in work", "People employed in the sector who want to progress."),
    Term("disabled-send", "Disabled people and people with SEND", "Disabled people and people with special educational needs and disabilities."),
    Term("women-girls", "Women and girls", "Provision designed to bring more women and girls into science."),
    Term("underrepresented", "Underrepresented groups", "People from groups underrepresented in science, including ethnic minority and low-income backgrounds."),
    Term("graduates", "Graduates", "People with a degree, including recent graduates."),
    Term("teachers", "Teachers and educators", "Teachers, lecturers and careers leaders."),
    Term("employers", "Employers", "Businesses and organisations that hire or train staff."),
    Term("smes", "Small and medium-sized businesses", "Businesses with fewer than 250 employees, including start-ups."),
])

DELIVERY_MODES = Vocabulary("delivery", "How it is delivered", "Where and how people take part.", [
    Term("in-person", "In person", "At a college, university, workplace or community venue."),
    Term("online", "Online", "Taken online, at home or anywhere."),
    Term("blended", "Blended", "A mix of online and in-person learning."),
    Term("workplace", "In the workplace", "Mostly on the job, with an employer."),
])

COSTS = Vocabulary("cost", "Cost", "What it costs the person taking part.", [
    Term("free", "Free", "No charge to take part."),
    Term("funded", "Funded", "Paid for by government, an employer or a grant for people who are eligible."),
    Term("paid", "Fee-paying", "The person or their employer pays a fee."),
    Term("salaried", "Paid job", "A job with a wage, such as an apprenticeship."),
])

TOPICS = Vocabulary("topic", "Sector topic", "The part of the life sciences sector the provision relates to.", [
    Term("advanced-therapies", "Advanced therapies", "Cell and gene therapies and other advanced therapy medicinal products."),
    Term("medtech", "Medical technology", "Medical devices, equipment and digital health products."),
    Term("diagnostics", "Diagnostics", "Tests that find and monitor disease, including pathology."),
    Term("genomics", "Genomics", "Reading and interpreting DNA for research and care."),
    Term("biomanufacturing", "Biomanufacturing", "Making medicines and biological products at scale."),
    Term("pharmaceuticals", "Pharmaceuticals", "The discovery, development and manufacture of medicines."),
    Term("laboratory-science", "Laboratory science", "Laboratory and technician work in research, testing and industry."),
    Term("data-ai", "Data and AI", "Data science, bioinformatics, software and artificial intelligence."),
    Term("regulatory-science", "Regulatory science", "Regulation, quality and safety of medicines and devices."),
    Term("clinical-research", "Clinical research", "Clinical trials and research with patients."),
    Term("health-care", "Health and care", "NHS and social care roles and services."),
    Term("entrepreneurship", "Entrepreneurship and business", "Starting and growing life sciences businesses, and commercial skills."),
    Term("stem-general", "Science and STEM in general", "Science, technology, engineering and maths without a single focus."),
])

AVAILABILITY = Vocabulary("availability", "Availability", "Whether people can take part in the provision now.", [
    Term("open", "Running", "Running now, or taking applications for a future intake."),
    Term("planned", "Planned", "Announced but not yet running."),
    Term("not-confirmed", "Not confirmed",
         "Its source does not show whether it is running today; check with the organisation before you plan on it."),
    Term("temporarily-closed", "Temporarily closed", "Not taking part or applications for now, expected to return."),
    Term("ended", "Ended", "No longer running; kept for the record."),
])

# Availabilities a record may claim only with the sentence that shows it and the date it speaks for.
EVIDENCED_AVAILABILITIES = ("open", "planned", "temporarily-closed", "ended")

KINDS = Vocabulary("kind", "Kind of record", "Whether a listing is something people take part in, or sector work.", [
    Term("provision", "Provision", "Something a person can take part in: a course, apprenticeship, programme or activity."),
    Term("initiative", "Sector initiative",
         "A strategy, board, network, fund, corridor or facility that shapes skills in the sector but that people do "
         "not join: for employers, providers and policymakers."),
])

# Course facts (issue 9 item 7): how people study, and the funding that can pay for it.
STUDY_MODES = Vocabulary("study-mode", "Study mode", "How much of the week the course takes and how it fits around life.", [
    Term("full-time", "Full-time", "Most of the working week, usually 30 hours or more."),
    Term("part-time", "Part-time", "Part of the week, such as one day a week or evenings, so people can work alongside it."),
    Term("flexible", "Flexible", "People study at their own pace and times, often online."),
])

FUNDING = Vocabulary("funding", "Funding available", "Ways the cost can be paid for, for the people who qualify.", [
    Term("loan", "Loan", "An Advanced Learner Loan or student loan, repaid once earnings pass a threshold."),
    Term("free-for-eligible-adults", "Free for eligible adults",
         "Free for adults who meet the funding rules, such as the Adult Skills Fund or Free Courses for Jobs."),
    Term("employer-paid", "Employer-paid", "Paid for by the employer, as with apprenticeships and sponsored places."),
])

# Search filter for start dates: how far ahead a start date may be. Codes are months; rolling starts always count.
STARTS_WITHIN = Vocabulary("starts-within", "Starts within", "How soon the next start date is.", [
    Term("3", "3 months", "Starts in the next 3 months, or at any time."),
    Term("6", "6 months", "Starts in the next 6 months, or at any time."),
    Term("12", "12 months", "Starts in the next 12 months, or at any time."),
])

# Search's filter for sector initiatives, which are left out of results unless asked for (the "kind" facet).
INCLUDE_INITIATIVES = Vocabulary("kind", "Sector initiatives", "Whether results include sector initiatives.", [
    Term("initiative", "Include sector initiatives",
         "Strategies, boards, networks, funds, corridors and facilities that people do not join."),
])

# A listing's status codes, named so no code or template retypes one (Listing.is_public is the "published" rule).
DRAFT, PENDING, PUBLISHED, REJECTED, ARCHIVED = "draft", "pending", "published", "rejected", "archived"

LISTING_STATUSES = Vocabulary("status", "Status", "Where a listing is in its review process.", [
    Term(DRAFT, "Draft", "Being written by the provider; not public."),
    Term(PENDING, "Pending review", "Submitted and waiting for a moderator."),
    Term(PUBLISHED, "Published", "Approved and public."),
    Term(REJECTED, "Rejected", "Not approved; the provider has been told why."),
    Term(ARCHIVED, "Archived", "Withdrawn by the provider or a moderator; not public."),
])

# The employer-partners flag (Listing.seeks_partners) as a one-term vocabulary: the search facet, its filter label,
# result tags, exports and alerts all read this label. The code "1" is in /search and /providers URLs.
SEEKING_PARTNERS = Term("1", "Seeking employer partners", "Looking for employers and industry partners to get involved.")
PARTNERS = Vocabulary("partners", "Employer partners", "Whether the provision is looking for employer partners.",
                      [SEEKING_PARTNERS])

ORGANISATION_TYPES = Vocabulary("organisation-type", "Type of organisation", "What kind of organisation the provider is.", [
    Term("college", "College", "A further education or sixth-form college."),
    Term("university", "University", "A university or higher education institution."),
    Term("nhs", "NHS organisation", "An NHS trust, NHS England body or other part of the NHS."),
    Term("company", "Company", "A business, from start-up to multinational."),
    Term("charity", "Charity or social enterprise", "A charity, non-profit or social enterprise."),
    Term("public-body", "Council or public body", "A local authority, combined authority, government department or agency."),
    Term("network", "Network or cluster body", "A cluster organisation, trade association, partnership or professional body."),
    Term("training-provider", "Training provider", "An independent training or apprenticeship provider."),
    Term("research-institute", "Research institute", "A research institute or research council."),
    Term("school", "School", "A school or multi-academy trust."),
])

SOURCES = Vocabulary("source", "Source document", "The published document a seeded record was taken from.", [
    Term("medcity-directory", "MedCity, Life Sciences Skills & Training: A Directory of Resources",
         "MedCity's London-focused directory of life sciences skills and training resources."),
    Term("jobs-plan-case-studies", "Life Sciences Jobs Plan: place-based case studies",
         "Case studies of place-based skills provision published with the Life Sciences Jobs Plan."),
    Term("sector-plan", "Life Sciences Sector Plan", "The UK Government's Life Sciences Sector Plan."),
    Term("sector-deal-2017", "Life Sciences Sector Deal (2017, withdrawn)",
         "The UK Government's 2017 Life Sciences Sector Deal, since withdrawn."),
    Term("wmca-strategy", "West Midlands Local Industrial Strategy: life sciences",
         "The West Midlands Combined Authority's life sciences strategy."),
    Term("provider", "Submitted by the provider", "Written and kept up to date by the organisation that runs it."),
])

@dataclass(frozen=True)
class SourceDate:
    """When a source document was published, as far as the document itself shows it."""
    on: date            # the first day of the period shown: the freshness clocks of unconfirmed records start here
    shown: str          # as pages say it: "May 2026", or "2023" when the document gives no month
    how_found: str      # which words of the document the date comes from


# Each seed source's date, kept beside SOURCES ("provider" has none: a provider's record dates from its publication).
SOURCE_DATES: dict[str, SourceDate] = {
    "medcity-directory": SourceDate(
        date(2023, 1, 1), "2023",
        "No date is printed. The latest events it reports as past are in 2023 (the Gene Therapy Hubs \"launched in "
        "2023\"; student finance for HTQs \"from September 2023\"), and it looks ahead to 2025, so 2023."),
    "jobs-plan-case-studies": SourceDate(
        date(2026, 5, 1), "May 2026",
        "No date is printed. The latest event it reports as past is \"In May 2026, the MHRA announced...\", and it "
        "speaks of September 2026 as still to come, so May 2026."),
    "sector-plan": SourceDate(
        date(2025, 5, 1), "May 2025",
        "No date is printed. The latest event it reports as past is \"in May 2025, BioNTech committed...\", and it "
        "gives \"By July 2025\" as a deadline still to come, so May 2025."),
    "sector-deal-2017": SourceDate(
        date(2017, 11, 1), "November 2017",
        "The cover prints only \"Withdrawn 23 June 2025\". The latest month it reports as past is November 2017 "
        "(dates from December 2017 on are plans), so November 2017."),
    "wmca-strategy": SourceDate(
        date(2018, 1, 1), "2018",
        "No date is printed. The latest source it cites is Deloitte's \"2018 Global life sciences outlook\", and it "
        "speaks of 2022 and 2023 as still to come, so 2018."),
}


def source_date(code: str) -> SourceDate | None:
    return SOURCE_DATES.get(code)


# Multi-valued listing facets, in the order they are shown; the search package, forms and the API iterate this.
LISTING_FACETS: dict[str, Vocabulary] = {
    "region": REGIONS,
    "type": PROVISION_TYPES,
    "level": LEVELS,
    "audience": AUDIENCES,
    "delivery": DELIVERY_MODES,
    "cost": COSTS,
    "topic": TOPICS,
    "section": SECTIONS,
    "study_mode": STUDY_MODES,
}

# /providers describes organisations, so two of its facets read the listing vocabularies' terms under their own
# headings: the regions an organisation serves and the kinds of provision it offers.
REGIONS_SERVED = REGIONS.titled("Regions served", "The UK nations and English regions an organisation serves.")
PROVISION_OFFERED = PROVISION_TYPES.titled("Provision offered", "The kinds of opportunity an organisation runs.")

ALL_VOCABULARIES: tuple[Vocabulary, ...] = (
    REGIONS, PROVISION_TYPES, SECTIONS, LEVELS, AUDIENCES, DELIVERY_MODES, COSTS, TOPICS, AVAILABILITY,
    ORGANISATION_TYPES, KINDS, STUDY_MODES, FUNDING,
)


# Routes into a life sciences career (issue 13 item 4): each step is a search, written as vocabulary codes (AND
# across facets, OR within one, as /search combines them), so every region's page and count comes from the same data.
@dataclass(frozen=True)
class RouteStep:
    code: str
    label: str
    description: str                          # what the step is, in plain words
    filters: dict[str, tuple[str, ...]]       # facet name -> codes: the search that finds this step's listings
    next: str | None = None                   # the step one up ("what could come next")


@dataclass(frozen=True)
class Route:
    code: str
    label: str
    description: str
    steps: tuple[RouteStep, ...]


ROUTES: tuple[Route, ...] = (
    Route("school-to-work", "From school to work",
          "The usual order of steps, from a first taste of science at school to training while you work. You can "
          "join at any step: many people start an apprenticeship at 18, 25 or 40.", (
        RouteStep("outreach", "Discover science at school or in the community",
                  "Free activities, visits, talks and work experience that show what jobs in life sciences involve. "
                  "They suit pupils, families and anyone curious, and need no qualifications.",
                  {"type": ("outreach", "careers-guidance", "work-experience")}, next="level-2-3"),
        RouteStep("level-2-3", "After GCSEs: T Levels, apprenticeships and college courses (Levels 2 and 3)",
                  "From 16, or at any age: a T Level (two years at college with a long industry placement), an "
                  "apprenticeship (a paid job with training) or a college course. Level 3 is the same level as A "
                  "levels and opens the door to higher training.",
                  {"type": ("t-level", "apprenticeship", "college-course"), "level": ("level-2", "level-3")},
                  next="level-4-5"),
        RouteStep("level-4-5", "Higher technical training: HTQs and higher apprenticeships (Levels 4 and 5)",
                  "After Level 3: a Higher Technical Qualification such as an HNC, HND or foundation degree, or a "
                  "higher apprenticeship. They lead to technician and specialist jobs and can count towards a "
                  "degree.", {"type": ("htq", "apprenticeship", "college-course", "university-course"),
                              "level": ("level-4", "level-5")}, next="level-6-7"),
        RouteStep("level-6-7", "Degrees while you work: degree apprenticeships (Levels 6 and 7)",
                  "A bachelor's (Level 6) or master's (Level 7) degree, usually as a degree apprenticeship: the "
                  "employer pays the fees and you earn a wage while you study.",
                  {"type": ("degree-apprenticeship", "apprenticeship", "university-course"),
                   "level": ("level-6", "level-7")}, next="in-work"),
        RouteStep("in-work", "Keep learning in work: CPD and short courses",
                  "Courses of days or weeks for people already working in the sector, to learn a new technique, "
                  "keep up with regulation or move into a new role.", {"type": ("cpd", "short-course")}),
    )),
    Route("change-or-return", "Changing career or coming back to work",
          "Ways in for adults moving from another sector, coming back after a break or looking for work.", (
        RouteStep("bootcamp", "Skills Bootcamps",
                  "Free courses of up to 16 weeks for adults, often part-time or online, that end with a job "
                  "interview. They suit people who want to retrain quickly.",
                  {"type": ("skills-bootcamp",)}, next="in-work"),
        RouteStep("returners", "Programmes for career changers and returners",
                  "Courses and placements designed for people moving into life sciences from another job, or "
                  "coming back after time away, that recognise the skills they already have.",
                  {"audience": ("career-changers",)}, next="level-4-5"),
        RouteStep("employment-support", "Help to find a job",
                  "Coaching, work experience, job matching and guaranteed interviews for people out of work, "
                  "often with an employer waiting at the end.", {"type": ("employment-support",)},
                  next="level-2-3"),
    )),
)
ROUTE_STEPS: dict[str, RouteStep] = {step.code: step for route in ROUTES for step in route.steps}
