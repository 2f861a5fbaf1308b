"""Original demo content for Masthead.

Everything here was written for this project: the demo story, the archive of earlier
stories, and the reader discussion under the demo story. It is plain data with no
behaviour, for the demo loader to turn into database rows.

Names and accounts are invented. Real companies and products are mentioned only as the
subject of fictionalised autumn-2013 news copy.
"""

from __future__ import annotations

from typing import Any

SECTIONS: list[dict[str, str]] = [
    {
        "slug": "mobile",
        "name": "Mobile",
        "description": "Phones, tablets, wearables and the networks that connect them.",
    },
    {
        "slug": "computing",
        "name": "Computing",
        "description": "PCs, operating systems, chips, software and security.",
    },
    {
        "slug": "science",
        "name": "Science",
        "description": "Space, physics, climate and the research shaping what comes next.",
    },
    {
        "slug": "business",
        "name": "Business",
        "description": "Deals, earnings and the companies behind the technology we use every day.",
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": "Film, television, books and music, and how technology is changing them.",
    },
    {
        "slug": "games",
        "name": "Games",
        "description": "Consoles, PC gaming, handhelds and the people who make the games we play.",
    },
]

SOURCES: list[dict[str, str]] = [
    {"name": "Xperia blog", "url": "https://blogs.sonymobile.com/"},
    {"name": "Reuters", "url": "https://www.reuters.com/"},
    {"name": "Associated Press", "url": "https://apnews.com/"},
    {"name": "NASA", "url": "https://www.nasa.gov/"},
    {"name": "Company filing", "url": "https://www.sec.gov/"},
    {"name": "IPCC", "url": "https://www.ipcc.ch/"},
    {"name": "Nobel Prize", "url": "https://www.nobelprize.org/"},
]

# Staff writers; their usernames are the bylines of every story.
EDITORS: list[dict[str, str]] = [
    {"username": "hlindqvist", "display_name": "Hanna Lindqvist", "date_joined": "2010-04-12"},
    {"username": "dokafor", "display_name": "Daniel Okafor", "date_joined": "2010-09-27"},
    {"username": "mpereira", "display_name": "Marta Pereira", "date_joined": "2011-02-14"},
]

# The story the demo grows from; its discussion is SEED_COMMENTS.
DEMO_STORY: dict[str, Any] = {
    "slug": "sony-record-10-million-xperia-quarter",
    "headline": "Sony sold a record 10 million Xperia smartphones last quarter",
    "summary": (
        "Strong demand for the Xperia Z pushed Sony's phone sales to a quarterly high, even as the "
        "wider group trimmed its profit outlook."
    ),
    "body": (
        "Sony sold 10 million Xperia smartphones in the three months from July to September, the "
        "most it has ever sold in a single quarter. The figure for the period, the second quarter "
        "of Sony's fiscal year, compares with 8.8 million a year earlier and 9.6 million in the "
        "quarter to June.\n\n"
        "The Xperia Z did most of the work. Sony says its water-resistant flagship was among the "
        "three biggest smartphone revenue earners in more than 20 countries. Its successor, the "
        "Xperia Z1, only went on sale in October, so none of its sales are included in these "
        "numbers.\n\n"
        "The company expects to sell 42 million smartphones in the fiscal year ending in March "
        "2014, which would require an even stronger second half, with the Xperia Z1 on sale "
        "through the holiday season.\n\n"
        "The phones were a bright spot in otherwise mixed results. Sony cut its full-year profit "
        "forecast by 20%, from 50 billion yen to 40 billion yen, after re-evaluating its camera "
        "and PC divisions."
    ),
    "section": "mobile",
    "source": "Xperia blog",
    "byline": "dokafor",
    "published": "2013-10-31T14:05:00",
}

# Earlier stories for the archive and the Latest Stories list.
ARCHIVE_STORIES: list[dict[str, Any]] = [
    {
        "slug": "sony-unveils-xperia-z1",
        "headline": "Sony unveils the Xperia Z1 with a 20.7-megapixel camera",
        "summary": (
            "Sony's new flagship borrows heavily from its compact cameras and keeps the "
            "water-resistant design of the Xperia Z."
        ),
        "body": (
            "Sony used its press conference at the IFA trade show in Berlin to show the Xperia Z1, "
            "the successor to the Xperia Z, which was itself announced only in January. The "
            "headline feature is the camera: a 20.7-megapixel sensor that is physically larger "
            "than those in most phones, behind a wide-angle lens Sony calls the G Lens.\n\n"
            "The company is leaning hard on its camera heritage. The image processing borrows from "
            "its Cyber-shot line, and the phone has a dedicated two-stage shutter button, "
            "something most rivals have quietly dropped.\n\n"
            "Elsewhere the Z1 is a familiar recipe, refined. It has a 5-inch, 1080p display, a "
            "quad-core Snapdragon 800 processor and a bigger battery than its predecessor. The "
            "glass back and aluminium frame return, and the phone is again sealed against dust and "
            "water, so it can take pictures in the shallow end of a pool.\n\n"
            "Sony did not give a firm price at the event but said the Z1 would reach shops in the "
            "coming weeks. *We'll have a full review once we've spent time with a retail unit.*"
        ),
        "section": "mobile",
        "source": "Xperia blog",
        "byline": "dokafor",
        "published": "2013-09-04T16:20:00",
    },
    {
        "slug": "samsung-galaxy-gear-smartwatch",
        "headline": "Samsung's Galaxy Gear puts a camera on your wrist",
        "summary": (
            "The first smartwatch from the world's biggest phone maker is ambitious, expensive and "
            "tied to a single phone at launch."
        ),
        "body": (
            "Samsung has entered the smartwatch market with the Galaxy Gear, a square-faced watch "
            "with a small touchscreen and, unusually, a camera built into its strap. It was "
            "announced in Berlin alongside the Galaxy Note 3, and for now that is the only phone "
            "it works with.\n\n"
            "The Gear shows notifications, handles calls through a speaker and microphone in the "
            "clasp, and runs a small selection of apps. The camera is meant for quick snaps of a "
            "receipt, a whiteboard or a parking space, without reaching for a phone.\n\n"
            "In our brief time with it, the hardware felt solid and the screen was bright, but the "
            "software was less convincing. Menus are buried a swipe or two too deep, and Samsung's "
            "own estimate of battery life is about a day, which means yet another charger on the "
            "bedside table.\n\n"
            "The question is not whether the Gear works. It is whether anyone needs it yet, and at "
            "this price that is a hard sell. Samsung says support for more Galaxy phones will "
            "follow in software updates."
        ),
        "section": "mobile",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-09-05T09:40:00",
    },
    {
        "slug": "iphone-5s-fingerprint-sensor",
        "headline": "Apple's iPhone 5s hides a fingerprint reader in the home button",
        "summary": (
            "Apple's new flagship adds Touch ID and a 64-bit processor, while the colourful iPhone "
            "5c takes over at a lower price."
        ),
        "body": (
            "Apple has introduced two iPhones instead of one. The iPhone 5s keeps the shape of "
            "last year's phone but adds Touch ID, a fingerprint sensor built into the home button "
            "that can unlock the phone and approve purchases from Apple's stores.\n\n"
            "Inside is the A7, which Apple describes as the first 64-bit processor in a "
            "smartphone, and a separate motion chip, the M7, that tracks movement without waking "
            "the main processor. The camera gains a larger sensor and a two-tone flash meant to "
            "produce more natural skin tones. A gold finish joins the silver and grey options.\n\n"
            "The iPhone 5c is, in effect, last year's iPhone 5 in a plastic shell, offered in five "
            "bright colours. It replaces the iPhone 5, which is being discontinued.\n\n"
            "Fingerprint sensors on phones are not new, but earlier attempts were fiddly. Apple "
            "says fingerprint data is stored only on the device, in a protected part of the chip, "
            "and never uploaded. Security researchers will no doubt put that to the test once the "
            "phones go on sale on September 20."
        ),
        "section": "mobile",
        "source": None,
        "byline": "mpereira",
        "published": "2013-09-11T08:15:00",
    },
    {
        "slug": "ios-7-arrives-flatter-look",
        "headline": "iOS 7 arrives with a flatter look and a long queue for downloads",
        "summary": (
            "Apple's biggest redesign of its mobile software since the original iPhone is now "
            "available, and it is proving divisive."
        ),
        "body": (
            "Apple's iOS 7 went out as a free update yesterday, and for many owners of recent "
            "iPhones and iPads the first experience of it was a progress bar. Demand was heavy "
            "enough that downloads crawled for much of the evening, and some people saw errors "
            "before the update would install.\n\n"
            "Once it is running, the change is hard to miss. The stitched leather, textured felt "
            "and glossy buttons of earlier versions are gone, replaced by thin type, translucent "
            "layers and bright, flat icons. Some of the most useful additions are quieter:\n\n"
            "- **Control Centre**, a panel that slides up from the bottom of the screen with "
            "switches for Wi-Fi, Bluetooth, brightness and a torch.\n"
            "- **AirDrop**, for sending photos and files to nearby Apple devices without a cable "
            "or a cloud service.\n"
            "- Automatic app updates, which finally retire the badge of twenty pending "
            "downloads.\n\n"
            "Reaction in our office has been split roughly down the middle. Some find the new "
            "design clean and modern; others say the thin fonts and sliding animations are harder "
            "on the eyes. If the motion makes you queasy, there is a setting to reduce it, tucked "
            "away under Accessibility."
        ),
        "section": "mobile",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-09-19T11:30:00",
    },
    {
        "slug": "budget-android-phones-good-enough",
        "headline": "Cheap Android phones are finally good enough to matter",
        "summary": (
            "A new wave of low-cost handsets is closing the gap with flagships on the things most "
            "people actually notice."
        ),
        "body": (
            "For years, the advice on cheap Android phones was simple: don't. Budget handsets came "
            "with sluggish processors, cramped storage and software that was two versions out of "
            "date on the day you bought it. That advice is starting to look old.\n\n"
            "The phones arriving in shops this autumn at a fraction of flagship prices are "
            "noticeably better than their predecessors. Quad-core processors are now common at the "
            "low end, screens are sharper, and several manufacturers are shipping something close "
            "to the current version of Android rather than a heavily modified older release.\n\n"
            "## Where the savings still show\n\n"
            "Cameras remain the most obvious compromise, particularly in low light. Storage is "
            "often tight, and not every model has a memory card slot to make up for it. Build "
            "quality varies widely, and battery life is as likely to disappoint as to impress.\n\n"
            "Still, for a first smartphone, a teenager's phone or a stand-in for a cracked "
            "flagship, the calculation has changed. The gap between a good budget phone and an "
            "expensive one is now measured in polish rather than basic usefulness. That is good "
            "news for buyers, and uncomfortable news for companies that depend on high prices."
        ),
        "section": "mobile",
        "source": None,
        "byline": "dokafor",
        "published": "2013-10-08T10:10:00",
    },
    {
        "slug": "startup-smartwatch-week-battery",
        "headline": "A small startup bets on a smartwatch that lasts a week",
        "summary": (
            "Tickwell's first watch trades colour and apps for a display that barely sips power."
        ),
        "body": (
            "While the big phone makers compete to squeeze more features onto the wrist, a small "
            "company in Copenhagen is going the other way. Tickwell, founded last year by three "
            "former hardware engineers, has started taking preorders for a smartwatch it says will "
            "run for about a week between charges.\n\n"
            "The trick is restraint. The watch uses a black-and-white display that only draws "
            "power when the image changes, shows notifications from an Android phone or an iPhone, "
            "and does very little else. There is no camera, no microphone and no app store.\n\n"
            "> We kept asking what people actually look at on their wrist. The answer was the "
            "time, and who is trying to reach them.\n\n"
            "That is how co-founder Ida Brandt explained the design in a note to early backers. "
            "The company plans a small first production run and expects to ship in the spring.\n\n"
            "It is a sensible pitch, but a crowded one: so far the smartwatch category has "
            "produced more launch events than happy owners. Whether a plainer watch can stand out "
            "against the marketing budgets of far larger rivals is the real test."
        ),
        "section": "mobile",
        "source": None,
        "byline": "mpereira",
        "published": "2013-10-24T15:45:00",
    },
    {
        "slug": "intel-bay-trail-atom-tablets",
        "headline": "Intel's new Atom chips aim to put full Windows on cheap tablets",
        "summary": (
            "The Bay Trail processors promise a big jump in performance without giving up battery "
            "life."
        ),
        "body": (
            "Intel has taken the wraps off its latest Atom processors, code-named Bay Trail, at "
            "its developer forum in San Francisco. The chips are built on a new design, "
            "Silvermont, and Intel says they are far quicker than the Atoms found in last year's "
            "Windows tablets.\n\n"
            "That matters because the previous generation gave Atom a reputation for being cheap "
            "and slow. Tablets built on it could run the full version of Windows, desktop programs "
            "included, but often felt sluggish doing so. Intel is pitching Bay Trail as the end of "
            "that trade-off: quick enough for everyday desktop work, frugal enough for all-day "
            "battery life, and inexpensive enough for devices at the lower end of the market.\n\n"
            "The first tablets using the chips are expected before the holidays, and several "
            "manufacturers have already shown prototypes. The same family will also turn up in "
            "low-cost laptops and all-in-one desktops.\n\n"
            "There is a bigger strategic point, too. Intel has struggled to get its processors "
            "into phones and tablets, a market dominated by chips based on ARM designs. Bay Trail "
            "is its most credible attempt yet, and the next few months will show whether device "
            "makers agree."
        ),
        "section": "computing",
        "source": None,
        "byline": "dokafor",
        "published": "2013-09-12T13:00:00",
    },
    {
        "slug": "microsoft-surface-2-kickstand",
        "headline": "Microsoft's second Surface tablets get a better kickstand and faster chips",
        "summary": (
            "The Surface 2 and Surface Pro 2 fix some of the first generation's annoyances, but "
            "the harder problem is persuading people to buy them."
        ),
        "body": (
            "Microsoft has announced the second generation of its Surface tablets, and the most "
            "visible change is a small one. The built-in kickstand now has two positions instead "
            "of one, which makes the tablet far more comfortable on a lap, where the original "
            "angle was awkward.\n\n"
            "The cheaper Surface 2 replaces the Surface RT. It is slightly thinner and lighter, "
            "has a sharper 1080p screen and moves to a faster Nvidia Tegra 4 processor. Like its "
            "predecessor, it runs Windows RT, which cannot install traditional desktop software, "
            "and it comes with Office included.\n\n"
            "The Surface Pro 2 looks much like the first Pro but uses Intel's latest Haswell "
            "processors, which Microsoft says should improve battery life considerably. It runs "
            "the full version of Windows 8.1. New keyboard covers are on the way as well, "
            "including a backlit model.\n\n"
            "The hardware has never been the main problem for Surface. Microsoft took a large "
            "write-down on unsold Surface RT stock this summer, and the new models arrive in a "
            "market where buyers still seem unsure what a Windows tablet is for. Both go on sale "
            "on October 22."
        ),
        "section": "computing",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-09-24T09:00:00",
    },
    {
        "slug": "schools-cheap-computers-coding-curriculum",
        "headline": "Schools turn to cheap computers as coding joins the curriculum",
        "summary": (
            "With programming due to become part of England's school curriculum next year, "
            "teachers are experimenting with Raspberry Pi boards and free software."
        ),
        "body": (
            "When England's new computing curriculum takes effect next September, children as "
            "young as five will be expected to learn what an algorithm is, and older pupils will "
            "write programs in at least two languages. Many teachers, trained to deliver lessons "
            "on spreadsheets and slide shows, are now scrambling to prepare.\n\n"
            "Some are finding help in a credit-card-sized computer. The Raspberry Pi, created by a "
            "Cambridge-based charity, costs about the same as a textbook and plugs into an "
            "ordinary television or monitor. Because it is cheap, pupils can take it apart, break "
            "it and start again without anyone worrying about the school's IT budget.\n\n"
            "At one secondary school we visited, a lunchtime club uses the boards to flash LEDs, "
            "read temperature sensors and, inevitably, tinker with *Minecraft*. The teacher who "
            "runs it admitted she had been learning Python only a few weeks ahead of her "
            "pupils.\n\n"
            "Hardware alone will not deliver the change. Teachers' groups say training and time "
            "matter far more than gadgets, and free tools such as Scratch run perfectly well on "
            "the computers schools already own. But the enthusiasm in those lunchtime clubs is "
            "hard to miss."
        ),
        "section": "computing",
        "source": None,
        "byline": "mpereira",
        "published": "2013-09-30T12:30:00",
    },
    {
        "slug": "adobe-breach-customer-data-source-code",
        "headline": "Adobe says attackers stole customer data and source code",
        "summary": (
            "The software company is resetting passwords for affected accounts and warning "
            "customers to watch for suspicious card activity."
        ),
        "body": (
            "Adobe has disclosed a serious breach of its network in which attackers obtained "
            "information belonging to millions of customers, along with source code for several of "
            "its products, including Acrobat and ColdFusion.\n\n"
            "According to the company, the stolen customer records include names, Adobe IDs, "
            "encrypted passwords and encrypted payment card details. Adobe says it does not "
            "believe decrypted card numbers were taken. It is resetting passwords on the affected "
            "accounts and has alerted the banks that process its card payments.\n\n"
            "The theft of source code is potentially the more worrying part. With the code in "
            "hand, attackers may be able to find new security holes in widely used software faster "
            "than Adobe can patch them. The company says it is not aware of any attacks resulting "
            "from the breach so far.\n\n"
            "If you have an Adobe account, the practical steps are straightforward:\n\n"
            "- Change your Adobe password, and change it anywhere else you used the same one.\n"
            "- Keep an eye on your card statements over the coming months.\n"
            "- Be wary of emails that claim to come from Adobe and ask you to click a link to "
            "“verify” your account. Criminals often follow news like this with [phishing "
            "campaigns](https://example.org/guides/spotting-phishing)."
        ),
        "section": "computing",
        "source": None,
        "byline": "dokafor",
        "published": "2013-10-04T08:50:00",
    },
    {
        "slug": "windows-8-1-start-button-returns",
        "headline": "Windows 8.1 brings back the Start button, more or less",
        "summary": (
            "Microsoft's free update softens the most criticised parts of Windows 8 without "
            "abandoning the tiled Start screen."
        ),
        "body": (
            "Windows 8.1 is now available as a free download from the Windows Store, and the "
            "change most people will notice first sits in the bottom-left corner of the screen. "
            "The Start button is back.\n\n"
            "It does not bring back the old Start menu, though. Clicking the button opens the "
            "full-screen Start screen with its grid of live tiles. Right-clicking it produces a "
            "handy list of shortcuts, including shutdown options that used to be tucked away in "
            "the Charms bar. It is a compromise, and it will not satisfy everyone who has "
            "installed a third-party menu over the past year.\n\n"
            "Other changes are more substantial. You can now choose to go straight to the desktop "
            "when you sign in, skipping the Start screen entirely. Tiles come in more sizes, apps "
            "can share the screen in more flexible arrangements, and search pulls results from the "
            "web, your files and your apps into one place.\n\n"
            "For people who found Windows 8 confusing, 8.1 is a clear improvement. For people who "
            "simply wanted Windows 7 with faster start-up times, it is closer, but not quite "
            "there. Either way, there is little reason not to install it."
        ),
        "section": "computing",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-10-17T14:20:00",
    },
    {
        "slug": "os-x-mavericks-free-upgrade",
        "headline": "Apple makes its new Mac operating system a free upgrade",
        "summary": (
            "OS X Mavericks costs nothing to install, a decision that puts pressure on Microsoft's "
            "way of selling Windows."
        ),
        "body": (
            "Apple released OS X Mavericks yesterday and, breaking with its own past practice, is "
            "giving it away. Macs able to run last year's version of OS X can install the update "
            "from the Mac App Store at no charge.\n\n"
            "The release is more about refinement than reinvention. Finder gains tabs and tags for "
            "organising files, the Maps and iBooks apps arrive from the iPhone and iPad, and "
            "Calendar and Safari have been reworked. The most useful changes are under the bonnet: "
            "Apple has focused on saving power, with features that slow down apps running in the "
            "background and compress memory instead of writing it to disk. It says MacBook owners "
            "should see noticeably longer battery life.\n\n"
            "Apple also said its iWork office apps would now come free with new Macs and iOS "
            "devices.\n\n"
            "The pricing is the bigger story. Apple makes its money from hardware, and a free "
            "upgrade means more Mac owners will be running the latest software, which makes life "
            "easier for developers and for Apple's own services. Microsoft, which still earns a "
            "great deal from selling Windows licences, has no easy way to match it."
        ),
        "section": "computing",
        "source": None,
        "byline": "mpereira",
        "published": "2013-10-23T10:00:00",
    },
    {
        "slug": "ladee-launch-moon-atmosphere",
        "headline": "NASA launches a small probe to study the Moon's faint atmosphere",
        "summary": (
            "LADEE lifted off from Virginia in a late-night launch that was visible along much of "
            "the US east coast."
        ),
        "body": (
            "NASA's Lunar Atmosphere and Dust Environment Explorer, or LADEE, is on its way to the "
            "Moon after a late-night launch from the agency's Wallops Flight Facility in Virginia. "
            "The rocket's climb was visible to skywatchers up and down the east coast, many of "
            "whom had never seen a launch from the region before.\n\n"
            "LADEE's job is to study something most of us assume does not exist: the Moon's "
            "atmosphere. It is extraordinarily thin, so thin that scientists prefer the term "
            "*exosphere*, but it is there, and it may hold clues about how other airless bodies "
            "behave across the solar system.\n\n"
            "The spacecraft will also investigate a puzzle dating back to the Apollo era. Several "
            "astronauts described a strange glow on the lunar horizon before sunrise, and one "
            "theory is that it is caused by dust lifted off the surface by electrical charges. "
            "LADEE carries instruments designed to detect that dust directly.\n\n"
            "The probe is also testing a laser communication system that could send data back to "
            "Earth far faster than conventional radio. Its science mission is planned to last "
            "around 100 days once it settles into orbit."
        ),
        "section": "science",
        "source": "NASA",
        "byline": "mpereira",
        "published": "2013-09-07T07:30:00",
    },
    {
        "slug": "voyager-1-reaches-interstellar-space",
        "headline": "Voyager 1 has reached interstellar space, scientists conclude",
        "summary": (
            "Measurements of the plasma around the 36-year-old probe suggest it crossed the edge "
            "of the Sun's bubble about a year ago."
        ),
        "body": (
            "After months of debate, NASA scientists say Voyager 1 has left the heliosphere, the "
            "vast bubble of charged particles blown out by the Sun, and is now travelling through "
            "interstellar space. It is the first human-made object known to have done so.\n\n"
            "The evidence came from an unexpected direction. Voyager's instrument for measuring "
            "plasma directly stopped working decades ago, so the team relied instead on outbursts "
            "from the Sun that reached the probe and set the surrounding plasma vibrating. The "
            "pitch of those vibrations showed that the plasma was far denser than inside the "
            "heliosphere, which is exactly what researchers expected to find beyond it. Working "
            "backwards, they estimate that the crossing happened in August last year.\n\n"
            "Not everyone agrees on what to call it. The probe is still within the Sun's "
            "gravitational reach and will not pass the distant cloud of icy bodies thought to "
            "surround the solar system for many thousands of years. Reaching interstellar space "
            "and leaving the solar system, scientists stress, are not quite the same thing.\n\n"
            "Voyager 1 was launched in 1977 and still sends data home every day, although its "
            "power supply is slowly running down. Its twin, Voyager 2, is expected to make the "
            "same crossing in the coming years."
        ),
        "section": "science",
        "source": "NASA",
        "byline": "dokafor",
        "published": "2013-09-13T09:15:00",
    },
    {
        "slug": "curiosity-little-methane-mars",
        "headline": "Curiosity finds little sign of methane in the Martian air",
        "summary": (
            "Measurements from the rover cast doubt on earlier reports of methane plumes, and "
            "dampen hopes of a biological source."
        ),
        "body": (
            "NASA's Curiosity rover has spent much of its first year on Mars sniffing the air for "
            "methane, and so far it has found almost none. Results published this week put the "
            "concentration far below what earlier observations from telescopes on Earth and "
            "spacecraft in orbit had suggested.\n\n"
            "The finding matters because methane is one of the gases living things produce. On "
            "Earth most of it comes from microbes, livestock and rotting plants, so reports over "
            "the past decade of methane plumes on Mars raised the tantalising possibility of "
            "something similar happening there. Methane breaks down in sunlight over a few "
            "centuries, which meant any detection implied a source that was still active.\n\n"
            "Curiosity's measurements come from an instrument that shines a laser through a sample "
            "of Martian air and looks for the precise colours of light that methane absorbs. "
            "Across several samples taken over many months, the signal was indistinguishable from "
            "zero within the limits of the instrument.\n\n"
            "The team is careful to say this is not the end of the story. Methane could be "
            "released in short, seasonal bursts that the rover has simply not caught yet, and "
            "Curiosity will keep checking as it drives towards Mount Sharp."
        ),
        "section": "science",
        "source": "NASA",
        "byline": "hlindqvist",
        "published": "2013-09-20T16:00:00",
    },
    {
        "slug": "climate-panel-human-influence-dominant",
        "headline": "Climate panel says humans are the dominant cause of recent warming",
        "summary": (
            "The IPCC's latest assessment of the physical science raises its confidence that "
            "people are driving the rise in global temperatures."
        ),
        "body": (
            "The Intergovernmental Panel on Climate Change has published the first part of its "
            "fifth major assessment, and its central conclusion is stated more firmly than ever. "
            "It is now *extremely likely*, the panel says, that human influence has been the "
            "dominant cause of the warming observed since the middle of the 20th century.\n\n"
            "In the careful vocabulary of the IPCC, “extremely likely” means a probability of at "
            "least 95%. The equivalent statement in the previous report, published in 2007, was "
            "“very likely”, or at least 90%.\n\n"
            "The summary, agreed line by line with government representatives at a meeting in "
            "Stockholm, also covers:\n\n"
            "- continued warming of the oceans, which have absorbed most of the extra energy "
            "trapped by greenhouse gases;\n"
            "- shrinking ice sheets in Greenland and Antarctica, and declining Arctic sea ice;\n"
            "- sea-level rise that is set to continue for centuries.\n\n"
            "The report also addresses the slower rate of surface warming over the past fifteen "
            "years, which critics have seized on. The authors say short periods are strongly "
            "affected by natural variability and that the long-term trend is unchanged. The "
            "volumes on impacts and on cutting emissions follow next year."
        ),
        "section": "science",
        "source": "IPCC",
        "byline": "mpereira",
        "published": "2013-09-28T10:45:00",
    },
    {
        "slug": "higgs-englert-nobel-physics",
        "headline": "Higgs and Englert win the Nobel Prize in physics",
        "summary": (
            "The prize honours the theory behind the particle found at CERN last year, nearly half "
            "a century after it was first proposed."
        ),
        "body": (
            "Peter Higgs and François Englert have been awarded this year's Nobel Prize in physics "
            "for their work on the mechanism that gives fundamental particles their mass. The "
            "announcement in Stockholm came after an unusually long delay, which left physicists "
            "around the world refreshing their browsers for the best part of an hour.\n\n"
            "The two men, working separately, published the idea in 1964, Englert together with "
            "his late collaborator Robert Brout. Other physicists reached similar conclusions in "
            "the same year. The theory proposed that the universe is filled with an invisible "
            "field, and that particles gain mass by interacting with it. It also predicted a new "
            "particle: the one that became known, somewhat unfairly to the others involved, as the "
            "Higgs boson.\n\n"
            "For decades the particle was out of reach of every accelerator. It took the Large "
            "Hadron Collider at CERN, and thousands of researchers working on its two largest "
            "experiments, to find it. The discovery was announced in July 2012.\n\n"
            "A physics prize can be shared by no more than three people and cannot go to an "
            "organisation, so the experimentalists are not formally honoured. The Nobel committee "
            "made a point of mentioning their work in its citation."
        ),
        "section": "science",
        "source": "Nobel Prize",
        "byline": "dokafor",
        "published": "2013-10-08T13:10:00",
    },
    {
        "slug": "comet-ison-heads-for-the-sun",
        "headline": "Comet ISON heads for the Sun as astronomers temper expectations",
        "summary": (
            "Once billed as a possible comet of the century, ISON has been slow to brighten, but "
            "its close pass of the Sun next month could still be spectacular."
        ),
        "body": (
            "When Comet ISON was discovered last year, some early predictions suggested it might "
            "become bright enough to see in daylight. A year on, the comet is racing towards the "
            "Sun and astronomers are choosing their words more carefully.\n\n"
            "ISON is a sungrazer. On November 28 it will pass just over a million kilometres above "
            "the Sun's surface, close enough that the intense heat and tidal forces could break it "
            "apart. If it survives, it could put on a fine show in the morning sky in early "
            "December. If it does not, it may fade away with little to show for the journey.\n\n"
            "So far it has been brightening more slowly than hoped. That is not unusual for a "
            "comet making its first trip into the inner solar system, since fresh ices can behave "
            "unpredictably, but it makes forecasting difficult.\n\n"
            "For amateur astronomers, the comet is currently a target for telescopes in the "
            "pre-dawn sky, not far from Mars. Professional observatories on the ground and in "
            "space are following it closely, and NASA is coordinating a campaign of observations "
            "as it approaches the Sun."
        ),
        "section": "science",
        "source": "NASA",
        "byline": "hlindqvist",
        "published": "2013-10-15T18:30:00",
    },
    {
        "slug": "microsoft-to-buy-nokia-phone-business",
        "headline": "Microsoft agrees to buy Nokia's phone business",
        "summary": (
            "The deal brings Nokia's handset division, and its chief executive, under Microsoft's "
            "roof in a bet on Windows Phone."
        ),
        "body": (
            "Microsoft has agreed to buy Nokia's devices and services business, along with "
            "licences to its patents, for about 5.4 billion euros. The deal, announced late on "
            "Monday, ends the Finnish company's long run as a maker of mobile phones and deepens "
            "Microsoft's commitment to building its own hardware.\n\n"
            "It also brings back a familiar face. Stephen Elop, who left Microsoft to run Nokia in "
            "2010 and bet the company on Windows Phone, is expected to return along with tens of "
            "thousands of Nokia employees. The move immediately put his name on lists of possible "
            "successors to Steve Ballmer, who said last month that he would retire within a "
            "year.\n\n"
            "For Nokia, the sale leaves a much smaller company built around its network equipment "
            "business, its mapping service and a large portfolio of patents.\n\n"
            "Nokia's Lumia phones have been the most successful Windows Phone devices by a wide "
            "margin, but the platform remains a distant third behind Android and iOS. Microsoft is "
            "betting that controlling both the software and the hardware will help it close the "
            "gap. Analysts' first reactions were mixed, and Nokia's shareholders still have to "
            "approve the sale."
        ),
        "section": "business",
        "source": "Reuters",
        "byline": "dokafor",
        "published": "2013-09-03T07:20:00",
    },
    {
        "slug": "dell-shareholders-approve-buyout",
        "headline": "Dell shareholders approve the founder's plan to take the company private",
        "summary": (
            "Michael Dell and the investment firm Silver Lake have won a long and bruising fight "
            "for control of the PC maker."
        ),
        "body": (
            "Dell's shareholders have voted to accept a buyout led by its founder, Michael Dell, "
            "and the private equity firm Silver Lake, bringing to an end months of wrangling over "
            "the future of one of the world's largest PC makers.\n\n"
            "The deal, worth roughly 25 billion dollars, faced stiff opposition from some large "
            "investors, most prominently the activist Carl Icahn, who argued that the offer "
            "undervalued the company. The vote was postponed several times before the buyers "
            "sweetened their bid slightly and the board agreed to change the voting rules.\n\n"
            "Going private means Dell will no longer have to report quarterly results or answer to "
            "public shareholders. Michael Dell has argued that this is exactly what the company "
            "needs while it shifts away from consumer PCs, a shrinking market, towards servers, "
            "storage, software and services for businesses.\n\n"
            "It is a remarkable turn for a company that went public in 1988 and defined an era of "
            "computers sold directly to customers, built to order and delivered to the door. "
            "Whether the transformation works will now play out largely away from public view."
        ),
        "section": "business",
        "source": "Company filing",
        "byline": "mpereira",
        "published": "2013-09-13T15:30:00",
    },
    {
        "slug": "blackberry-tentative-takeover-deal",
        "headline": "BlackBerry agrees to a tentative takeover by its largest shareholder",
        "summary": (
            "A group led by Fairfax Financial has offered $9 a share, but the deal depends on a "
            "six-week look at the company's books."
        ),
        "body": (
            "BlackBerry has signed a letter of intent to be acquired by a group led by Fairfax "
            "Financial, the Toronto-based insurance and investment company that is already its "
            "biggest investor. The offer values the smartphone maker at $9 a share and would take "
            "it private.\n\n"
            "The announcement came only days after BlackBerry warned of a heavy quarterly loss and "
            "said it would cut thousands of jobs. Its BlackBerry 10 phones, launched at the start "
            "of the year, have failed to win back the business and consumer customers who left for "
            "iPhones and Android handsets.\n\n"
            "The deal is far from certain. Fairfax and its partners have until early November to "
            "examine the company's finances, and BlackBerry is free to look for better offers in "
            "the meantime. Other potential bidders are said to be circling.\n\n"
            "For Waterloo, Ontario, where the company started life as Research In Motion in 1984, "
            "the uncertainty is painful. BlackBerry was once the city's proudest success story, "
            "and both its rise and its decline have been felt there more keenly than anywhere else."
        ),
        "section": "business",
        "source": "Reuters",
        "byline": "dokafor",
        "published": "2013-09-24T14:00:00",
    },
    {
        "slug": "twitter-publishes-ipo-plans",
        "headline": "Twitter publishes its plans to go public",
        "summary": (
            "The filing gives the first detailed look at the company's finances, showing "
            "fast-growing revenue and continuing losses."
        ),
        "body": (
            "Twitter has made its stock market paperwork public, a few weeks after announcing, in "
            "a tweet, naturally, that it had filed confidentially with US regulators. The document "
            "offers the first official look inside a company that has been notably guarded about "
            "its numbers.\n\n"
            "The headline figures will surprise nobody who has followed the company. Revenue is "
            "growing quickly, almost all of it from advertising, and a growing share of that "
            "advertising is seen on phones rather than computers. The company is also still losing "
            "money, as it has every year since it was founded.\n\n"
            "As is customary, the filing lists the risks Twitter sees in its own business. Among "
            "them:\n\n"
            "- the need to keep attracting new users, particularly outside the US;\n"
            "- keeping existing users engaged with the service, and with the ads on it;\n"
            "- competition from much larger rivals for advertisers' budgets.\n\n"
            "Twitter has not yet said which exchange it will list on or how much it hopes to "
            "raise, although the filing includes the placeholder figure of one billion dollars "
            "that is common in early paperwork. Analysts expect the shares to begin trading before "
            "the end of the year."
        ),
        "section": "business",
        "source": "Company filing",
        "byline": "hlindqvist",
        "published": "2013-10-04T11:00:00",
    },
    {
        "slug": "pc-sales-keep-falling-tablets",
        "headline": "PC sales keep falling as buyers choose tablets instead",
        "summary": (
            "New industry estimates show another quarter of decline for traditional computers, "
            "with few signs of a turnaround before the holidays."
        ),
        "body": (
            "The personal computer market shrank again in the third quarter, according to the "
            "latest estimates from industry research firms. It is the sixth consecutive quarter of "
            "decline, and the explanations will sound familiar to anyone who has followed the "
            "industry this year.\n\n"
            "Consumers in particular are spending their money on tablets and smartphones. For "
            "browsing, email, video and social networks, a tablet is cheaper, lighter and easier "
            "to live with than a laptop, and many households are simply holding on to their "
            "existing PCs for longer.\n\n"
            "There are some bright spots. Businesses are replacing old machines ahead of the end "
            "of support for Windows XP next April, and a few manufacturers managed to grow their "
            "share of a smaller market. Thin, touch-enabled laptops built around Intel's latest "
            "processors are selling reasonably well, though at prices that put off many "
            "shoppers.\n\n"
            "The kindest reading is that the PC is not dying but returning to its roots as a tool "
            "for work, rather than the one device every household needs. That is some comfort, but "
            "a smaller market is still a smaller market, and for manufacturers that have spent two "
            "decades chasing volume, the adjustment will be painful."
        ),
        "section": "business",
        "source": None,
        "byline": "dokafor",
        "published": "2013-10-11T09:30:00",
    },
    {
        "slug": "retailers-brace-short-holiday-season",
        "headline": "Retailers brace for the shortest holiday shopping season in a decade",
        "summary": (
            "A late Thanksgiving leaves six fewer days between the traditional start of the season "
            "and Christmas."
        ),
        "body": (
            "Thanksgiving falls on November 28 this year, the latest date it can, and American "
            "retailers are already worrying about what that does to their calendars. The stretch "
            "between Thanksgiving and Christmas is six days shorter than last year, and those are "
            "six days of shopping that some stores fear they will not get back.\n\n"
            "The bigger chains are not waiting to find out. Several have announced earlier sales, "
            "longer opening hours and, in a few cases, doors that open on Thanksgiving Day itself. "
            "Online retailers are promoting their delivery deadlines earlier than usual and "
            "pushing deals well before the end of November.\n\n"
            "Smaller shops have fewer options. For an independent electronics store or bookshop, a "
            "week less of peak trade can make a real difference to the year's results, and "
            "matching the discounts of the biggest retailers is rarely possible.\n\n"
            "Economists are less convinced that the calendar matters much. People tend to spend "
            "roughly what they planned to spend, they argue, and a shorter season mostly squeezes "
            "the same purchases into fewer days. The bigger question is whether shoppers feel "
            "confident after a bruising few weeks in Washington."
        ),
        "section": "business",
        "source": "Associated Press",
        "byline": "mpereira",
        "published": "2013-10-21T08:30:00",
    },
    {
        "slug": "libraries-ebook-lending-publishers-terms",
        "headline": "Libraries lend more e-books than ever, but publishers still set the terms",
        "summary": (
            "Digital borrowing is booming at public libraries, even as librarians complain about "
            "prices and restrictions."
        ),
        "body": (
            "Borrowing an e-book from a public library has never been easier. Most large library "
            "systems now let members browse a digital catalogue, check out a title on a phone or "
            "e-reader, and have it vanish automatically when the loan expires. Librarians say "
            "demand has grown every year since the service became widely available.\n\n"
            "The view from the other side of the desk is less rosy. Publishers license e-books to "
            "libraries on their own terms, and those terms vary wildly. Some titles cost libraries "
            "several times the price of the print edition. Others expire after a fixed number of "
            "loans, after which the library must buy the book again. A few major publishers still "
            "decline to offer much of their catalogue to libraries at all.\n\n"
            "Publishers argue that a digital copy never wears out and can be borrowed from "
            "anywhere, which makes it a threat to sales in a way a paper book on a shelf is not. "
            "Librarians counter that library users are often keen book buyers, and that lending "
            "introduces readers to authors they would never otherwise try.\n\n"
            "For now, the result is a familiar sight in library apps: long waiting lists for "
            "popular titles, even though there is, technically, no physical copy to wait for."
        ),
        "section": "culture",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-09-09T10:00:00",
    },
    {
        "slug": "podcasts-second-life-smartphones",
        "headline": "Podcasts are quietly enjoying a second life on smartphones",
        "summary": (
            "Nearly a decade after the word was coined, the audio format is growing again, helped "
            "by better apps and always-on data."
        ),
        "body": (
            "Podcasts were supposed to be a fad. When they first caught on in the middle of the "
            "last decade, listening meant downloading files to a computer, syncing them to a music "
            "player and remembering to do it all again the next week. Plenty of people tried it "
            "once and gave up.\n\n"
            "Smartphones have removed most of that friction. New episodes download on their own "
            "over Wi-Fi, apps remember where you stopped listening, and a long commute or a trip "
            "to the gym is enough to get through an hour-long show. Producers say their audiences "
            "have been growing steadily, and some shows now attract sponsors who would not have "
            "returned their calls a few years ago.\n\n"
            "The medium's appeal is its intimacy and its patience. A podcast can spend forty "
            "minutes on a topic that would get three on the radio, and listeners seem to like it "
            "that way. Comedy, technology and long-form interviews are the most crowded genres, "
            "but there are thriving shows about almost anything, from knitting to Byzantine "
            "history.\n\n"
            "The awkward part is money. There is still no reliable way to measure how many people "
            "listen to an episode, which makes advertisers cautious, and most shows remain labours "
            "of love."
        ),
        "section": "culture",
        "source": None,
        "byline": "mpereira",
        "published": "2013-09-16T17:40:00",
    },
    {
        "slug": "breaking-bad-finale-second-screen",
        "headline": "Breaking Bad's finale shows how much TV is now watched with a phone in hand",
        "summary": (
            "Sunday night's final episode was one of the most discussed television events of the "
            "year online, and the networks are paying close attention."
        ),
        "body": (
            "*Breaking Bad* ended last night after five seasons, and a large part of its audience "
            "watched the final episode with a phone or tablet in hand. Social networks filled with "
            "reactions from the opening scene to the closing credits, and for a few hours it was "
            "hard to look at any of them without stumbling on a spoiler. (Don't worry: there are "
            "none here.)\n\n"
            "Television executives have noticed this habit, often called the *second screen*, and "
            "many are trying to harness it. Networks now display hashtags in the corner of the "
            "picture, build companion apps and study social media chatter alongside traditional "
            "ratings. A show that people talk about while it airs, the thinking goes, is one they "
            "will watch live, advertisements included, rather than recording it and skipping the "
            "breaks.\n\n"
            "*Breaking Bad* is an interesting case because its audience grew so much thanks to "
            "streaming. Many viewers caught up on earlier seasons online before joining the live "
            "broadcasts for the final episodes.\n\n"
            "That is a lesson the networks have found harder to absorb. The on-demand services "
            "that make catching up so easy are the same ones that let viewers skip live television "
            "altogether."
        ),
        "section": "culture",
        "source": None,
        "byline": "dokafor",
        "published": "2013-09-30T09:20:00",
    },
    {
        "slug": "gravity-best-case-for-3d",
        "headline": "Gravity makes the best case yet for 3D cinema",
        "summary": (
            "Alfonso Cuarón's space thriller uses its effects to make the audience feel adrift, "
            "not just to show off."
        ),
        "body": (
            "It has been a difficult few years for 3D at the cinema. After an early rush of "
            "enthusiasm, audiences grew tired of paying extra for dim pictures and gimmicks, and "
            "cinemas quietly started offering more screenings in plain 2D. *Gravity*, which opened "
            "on Friday, may change a few minds.\n\n"
            "The film, directed by Alfonso Cuarón and starring Sandra Bullock and George Clooney, "
            "is set almost entirely in orbit, where a debris strike leaves two astronauts "
            "stranded. It is a simple story, told in something close to real time, and much of it "
            "plays out in long, unbroken shots that drift around the characters as they tumble "
            "through space.\n\n"
            "This is where the technology earns its keep. Rather than throwing objects at the "
            "audience, the 3D creates a sense of depth and distance that makes the emptiness "
            "around the characters genuinely unsettling. Debris comes from every direction; the "
            "Earth hangs below, beautiful and unreachable.\n\n"
            "Scientists have already begun listing the liberties the film takes with orbital "
            "mechanics, and they are not wrong. But as an experience, *Gravity* is hard to fault. "
            "If you see it, **see it on the biggest screen you can find**."
        ),
        "section": "culture",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-10-07T12:00:00",
    },
    {
        "slug": "museums-open-collections-online",
        "headline": "Museums are putting their collections online, and letting people reuse them",
        "summary": (
            "A growing number of institutions are releasing high-resolution images of "
            "public-domain works for anyone to download and remix."
        ),
        "body": (
            "For most of their history, museums have guarded images of their collections closely. "
            "Photographs of paintings were sold under licence, and anyone wanting to print a "
            "famous work on a poster or a book cover expected to pay for the privilege. That is "
            "starting to change.\n\n"
            "A growing number of museums and galleries, mainly in Europe and North America, now "
            "publish high-resolution images of works that are old enough to be out of copyright "
            "and let anyone download them free of charge. Some go further and explicitly allow "
            "commercial reuse, on the grounds that the works belong to the public anyway.\n\n"
            "The results have been surprising. Designers have turned centuries-old botanical "
            "prints into wallpaper, teachers have built lessons around zoomable images of medieval "
            "manuscripts, and several museums say their online visitors now outnumber the people "
            "who come through the doors.\n\n"
            "Not everyone is convinced. Image licensing still brings in useful income for some "
            "institutions, and curators worry about context being lost when a painting becomes a "
            "phone background. But the direction of travel is clear, and for anyone with an "
            "interest in art, the internet has rarely been more generous. We have gathered a [list "
            "of open-access collections](https://example.org/open-collections) to get you started."
        ),
        "section": "culture",
        "source": None,
        "byline": "mpereira",
        "published": "2013-10-14T11:15:00",
    },
    {
        "slug": "vinyl-keeps-growing-streaming",
        "headline": "Vinyl records keep growing as music moves to streaming",
        "summary": (
            "The oldest format in the record shop is enjoying its best years in decades, though it "
            "remains a small slice of the market."
        ),
        "body": (
            "Music is increasingly something people rent rather than own. Streaming services offer "
            "tens of millions of songs for a monthly fee, and downloads, once hailed as the future "
            "of the industry, are starting to look like a stopgap. Yet in the corner of many "
            "record shops, sales of vinyl LPs are climbing for yet another year.\n\n"
            "The revival is partly about sound, although audiophiles will argue about that "
            "endlessly. It is at least as much about the object itself: a large sleeve with "
            "artwork you can actually see, liner notes you can read, and the small ritual of "
            "lowering the needle that no app can replicate. Many new records come with a download "
            "code, so buyers can have both.\n\n"
            "Record shop owners describe a mixed clientele. There are collectors who never gave up "
            "on the format, younger listeners buying their first turntable, and parents "
            "rediscovering the albums they sold in the 1990s.\n\n"
            "The numbers need some perspective. Vinyl remains a small part of music sales, and "
            "pressing plants, many running decades-old machinery, struggle to keep up with demand. "
            "But for a format written off more than once, a steady climb is a remarkable "
            "achievement."
        ),
        "section": "culture",
        "source": None,
        "byline": "dokafor",
        "published": "2013-10-22T16:10:00",
    },
    {
        "slug": "nintendo-2ds-drops-3d-and-hinge",
        "headline": "Nintendo's 2DS drops the 3D effect, and the hinge",
        "summary": (
            "A cheaper, wedge-shaped version of the 3DS aimed at younger players arrives in "
            "October, and it has divided fans."
        ),
        "body": (
            "Nintendo surprised just about everyone last week by announcing the 2DS, a new version "
            "of its handheld that plays 3DS games but does without the feature the console is "
            "named after. Games appear in ordinary 2D, and the familiar clamshell design has been "
            "replaced by a single flat slab.\n\n"
            "The logic becomes clearer once you look at the price and the audience. The 2DS is "
            "noticeably cheaper than the 3DS, and Nintendo is pitching it at younger children, who "
            "are advised not to use the 3D effect at all and who can be hard on hinges.\n\n"
            "Reaction from long-time fans has been bemused. Online, the design has been compared "
            "to a doorstop, a wedge of cheese and a toddler's toy. Nintendo will probably be happy "
            "with the last of those.\n\n"
            "The console goes on sale on October 12, the same day as *Pokémon X* and *Pokémon Y*, "
            "which is surely no coincidence. For parents looking for a first handheld that can "
            "survive a few car journeys, it may be exactly the right product, even if it will "
            "never win a design award."
        ),
        "section": "games",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-09-02T10:30:00",
    },
    {
        "slug": "grand-theft-auto-v-three-heroes",
        "headline": "Grand Theft Auto V arrives with three heroes and one enormous map",
        "summary": (
            "Rockstar's long-awaited sequel is out today, and early reviews suggest it lives up to "
            "the hype."
        ),
        "body": (
            "After years of anticipation, *Grand Theft Auto V* is out today for the PlayStation 3 "
            "and Xbox 360. Queues formed outside shops last night for midnight openings, and "
            "retailers are preparing for one of the biggest entertainment launches of the year.\n\n"
            "The big change is structural. Instead of a single protagonist, the game follows "
            "three: a retired bank robber unhappy in his comfortable suburban life, a young man "
            "trying to escape small-time street crime, and a volatile former partner of the first. "
            "Players can switch between them almost instantly, often in the middle of a mission, "
            "and the story's centrepiece heists are planned and carried out with all three.\n\n"
            "The setting is Los Santos, the series' take on Los Angeles, along with a surrounding "
            "stretch of countryside that is enormous. Early reviews have praised the detail of the "
            "world and the variety of things to do in it, while noting that the series' cynical "
            "humour and violence are as sharp-edged as ever.\n\n"
            "An online mode, *Grand Theft Auto Online*, follows on October 1. Given the crowds it "
            "is likely to attract on day one, we would not bet on a perfectly smooth start."
        ),
        "section": "games",
        "source": None,
        "byline": "dokafor",
        "published": "2013-09-17T07:00:00",
    },
    {
        "slug": "valve-announces-steamos",
        "headline": "Valve announces SteamOS, a free operating system for living-room PCs",
        "summary": (
            "The company behind Steam wants PC games on the television, and it is building its own "
            "Linux-based system to get them there."
        ),
        "body": (
            "Valve has revealed the first of three announcements it began teasing on Friday: "
            "SteamOS, a free operating system built on Linux and designed from the ground up for "
            "playing games on a television.\n\n"
            "The idea is a PC that behaves more like a console. SteamOS boots straight into "
            "Steam's big-screen interface, which is built to be used from a sofa with a "
            "controller. Valve says it will also be able to stream games from a Windows or Mac "
            "computer elsewhere in the house, so players will not lose access to titles that do "
            "not run on Linux. Family sharing of game libraries is promised too, along with music "
            "and video services, although Valve has not said which ones.\n\n"
            "Valve has made no secret of its unhappiness with the direction of Windows, and "
            "SteamOS looks like insurance against its most important platform being controlled by "
            "someone else. The catch is the games. The number of Linux titles on Steam has grown "
            "quickly over the past year, but most of the biggest releases still run only on "
            "Windows.\n\n"
            "The two remaining announcements are due later this week. We would put money on "
            "hardware."
        ),
        "section": "games",
        "source": None,
        "byline": "mpereira",
        "published": "2013-09-24T17:30:00",
    },
    {
        "slug": "pokemon-x-y-worldwide-launch",
        "headline": "Pokémon X and Y launch around the world on the same day",
        "summary": (
            "The series' first fully 3D main entries arrive on the 3DS simultaneously in every "
            "major market, a first for the franchise."
        ),
        "body": (
            "For the first time in the series' history, a new pair of main *Pokémon* games has "
            "been released on the same day worldwide. *Pokémon X* and *Pokémon Y* went on sale "
            "today for the Nintendo 3DS, ending the long waits that players outside Japan have "
            "traditionally endured, and the spoilers that came with them.\n\n"
            "They are also the first main entries to use fully 3D characters and environments. The "
            "new region, Kalos, draws heavily on France, complete with a grand central city built "
            "around a tall tower that may look faintly familiar.\n\n"
            "There are new creatures to catch, of course, and a new Fairy type that shakes up the "
            "long-established balance of strengths and weaknesses. **Mega Evolution** gives "
            "certain familiar Pokémon a powerful temporary form in battle, which should please "
            "returning players as much as newcomers.\n\n"
            "Online features have been expanded, making it easier to trade and battle with players "
            "elsewhere in the world. With a simultaneous global launch on a Saturday, expect those "
            "servers to be busy this weekend.\n\n"
            "Nintendo's new 2DS handheld also goes on sale today. The timing is no accident."
        ),
        "section": "games",
        "source": None,
        "byline": "hlindqvist",
        "published": "2013-10-12T09:00:00",
    },
    {
        "slug": "playstation-4-xbox-one-launch-guide",
        "headline": "PlayStation 4 and Xbox One: what you need to know before launch",
        "summary": (
            "Both new consoles arrive next month. Here is how they compare on price and dates, and "
            "what has changed since they were announced."
        ),
        "body": (
            "The next generation of home consoles arrives in a matter of weeks, and after a year "
            "of announcements, reversals and arguments, the picture is finally clear enough to "
            "make a decision. Here is where things stand.\n\n"
            "## Dates and prices\n\n"
            "- **PlayStation 4**: November 15 in North America and November 29 in Europe, at $399 "
            "or €399.\n"
            "- **Xbox One**: November 22 in 13 countries, at $499 or €499, with the Kinect camera "
            "included.\n\n"
            "Microsoft's original plans for the Xbox One included a requirement to connect to the "
            "internet regularly and limits on lending or reselling games bought on disc. After a "
            "loud backlash it dropped both, and the two consoles now treat second-hand discs much "
            "as their predecessors did.\n\n"
            "Neither launch line-up is overwhelming, which is normal for new hardware, and many of "
            "the biggest games, *Battlefield 4* among them, also run on the older consoles. If you "
            "already own a PlayStation 3 or Xbox 360, there is little harm in waiting until next "
            "year, when libraries will be bigger and prices may fall. If you want to be first, "
            "either will do the job."
        ),
        "section": "games",
        "source": None,
        "byline": "mpereira",
        "published": "2013-10-18T13:45:00",
    },
    {
        "slug": "battlefield-4-launches",
        "headline": "Battlefield 4 launches on current consoles and PC",
        "summary": (
            "EA's shooter arrives ahead of the new consoles, with larger battles and buildings "
            "that can come down around the players."
        ),
        "body": (
            "*Battlefield 4* is out today in North America on PC, PlayStation 3 and Xbox 360, with "
            "versions for the PlayStation 4 and Xbox One to follow when those consoles launch next "
            "month. Europe gets the game later this week.\n\n"
            "The series has always sold itself on scale, and this entry pushes further. On PC and "
            "the new consoles, up to 64 players can share a single map, with tanks, boats, jets "
            "and helicopters in the mix. The developer, DICE, has also made a great deal of noise "
            "about what it calls *Levolution*: large-scale destruction that changes a map "
            "mid-match, such as a skyscraper collapsing into the street or a dam giving way.\n\n"
            "The single-player campaign is a shorter affair, following a squad of American "
            "soldiers through a fictional conflict involving China and Russia. Early reviews "
            "suggest it is competent and loud, and that most people will spend their time in "
            "multiplayer.\n\n"
            "Players on the older consoles get a smaller version of the experience, with fewer "
            "players per match. That is the awkward reality of a launch that straddles two console "
            "generations, and it is one many publishers will face this winter."
        ),
        "section": "games",
        "source": None,
        "byline": "dokafor",
        "published": "2013-10-29T11:20:00",
    },
]

# The demo story's thread, keyed by comment number. Replies (child: parent):
# 9: 1, 11: 9, 20: 11, 15: 9, 19: 15, 21: 19, 12: 2, 7: 4, 14: 7, 18: 13, 24: 23, 25: 24.
# All other comments are top level. #5 is spam that a moderator removes.
SEED_COMMENTS: dict[int, str] = {
    1: (
        "Not surprised at all. I've had the Xperia Z since March and it's the first phone I've "
        "owned that I'm happy to rinse under the tap. The build quality is superb."
    ),
    2: (
        "Record quarter, great. Meanwhile Apple has enough cash lying around to buy Sony outright "
        "and still have change for a new campus. Give it two years and Xperia will be the name of "
        "an iPhone case."
    ),
    3: (
        "Good to see them climbing back. A few years ago a Sony Ericsson phone was nobody's first "
        "choice; now the Z1 is on my shortlist next to the HTC One."
    ),
    4: (
        "The headline is great, but read to the end: record phone sales and they still had to cut "
        "the profit forecast from 50 to 40 billion yen. That's a 40% haircut, which tells you how "
        "much the cameras and PCs are costing them."
    ),
    5: (
        "LOL anyone who pays full price for Sony is a MORON. Genuine Xperia Z only $79 at "
        "cheap-phones-4u dot example!!! Also earn $$$ working from home, message me now!!!"
    ),
    6: (
        "Does anyone know if there'll be a smaller version of the Z1? I'd buy one tomorrow if it "
        "fitted in a jeans pocket without the top sticking out."
    ),
    7: (
        "Sorry to be that person, but 50 to 40 is a 20% cut, not 40%. Still not great, just half "
        "as dramatic as you're making it sound."
    ),
    8: (
        "Glad they put a proper two-stage camera button back on the Z1. Leaving it off the Z was a "
        "strange decision for a company that makes actual cameras."
    ),
    9: (
        "Superb apart from the screen. Tilt the Z even slightly and the colours wash out to grey. "
        "At that price it shouldn't have the worst viewing angles of any flagship."
    ),
    10: (
        "Quick maths: 9.6 million in April to June plus 10 million now leaves 22.4 million to "
        "reach 42 million, so roughly 11 million a quarter from here. The Z1 over Christmas should "
        "help, but January to March is usually quiet. The full slides are on Sony's [investor "
        "relations site](https://www.sony.net/SonyInfo/IR/) if anyone wants the breakdown."
    ),
    11: (
        "Account created this month, and every post so far is about Sony screens. Nice trolling. "
        "Head-on the panel is perfectly fine, which is how 99% of people actually look at a phone."
    ),
    12: (
        "Every single Sony story gets this comment. Why would Apple want a loss-making TV business "
        "and a PC division that Sony itself can't fix? And Sony isn't for sale anyway."
    ),
    13: (
        "Sony phones are overpriced plastic with updates that turn up months after everyone "
        "else's. I genuinely don't understand who buys them."
    ),
    14: (
        "Ten billion yen is ten billion yen, whatever the percentage. As someone whose VAIO died a "
        "week after the warranty ran out, I'm not surprised that side of the business is "
        "struggling."
    ),
    15: (
        "It's a known weak spot, but hardly a deal-breaker. If it really bothers you, try the Z1 "
        "in a shop; it uses a different panel and holds up much better off-axis."
    ),
    16: (
        "Same story under every Sony article, as #12 said. Haters do what they do best: some "
        "people just enjoy criticising, however well the product is selling."
    ),
    17: (
        "Still using an Xperia Arc from 2011 and it refuses to die. If the Z1 is built as well as "
        "that, I might finally upgrade."
    ),
    18: (
        "Have you *actually* held one? The Z is glass and aluminium, not plastic. Fair point about "
        "the updates, though."
    ),
    19: (
        "Better, sure, but still behind the HTC One and the Galaxy S4 if you ask me. Somebody from "
        "Sony's TV division needs to walk across the car park and have a word."
    ),
    20: (
        "Calling everyone who disagrees with you a troll isn't an argument. The viewing angles "
        "came up in pretty much every review, and Sony changed the panel for the Z1 for a reason."
    ),
    21: (
        "That's more or less what the *Triluminos* branding on the Z1 is: the TV people having "
        "their word. Whether you can see the difference is another matter, but at least they're "
        "listening."
    ),
    22: (
        'Somewhere in Waterloo, a BlackBerry executive just read "10 million in a quarter" and '
        "had to go and lie down."
    ),
    23: (
        "I'd love to see a regional breakdown. I bet most of those 10 million are in Japan and "
        "Europe, because you barely ever see an Xperia in the US."
    ),
    24: (
        "That's the carriers, not the phones. Outside T-Mobile, try finding a Z on a shelf in an "
        "American store. If people can't pick one up, they won't buy one."
    ),
    25: (
        "Fair point. Shame, because the Z1 would do well over here if anyone could actually walk "
        "into a shop and try one."
    ),
}

# Names typed by guests (no account). #7 and #24 typed the same name.
GUEST_NAMES: dict[int, str] = {7: "Lurker", 17: "Pete from Leeds", 24: "Lurker"}

# Registered commenters in the demo thread. "posts" is the site-wide post count shown
# next to each comment; the last entry is the spammer behind the removed comment #5.
MEMBERS: list[dict[str, Any]] = [
    {
        "key": "m1",
        "username": "kestrel",
        "display_name": "Kestrel",
        "comments": [1],
        "posts": 718,
        "date_joined": "2012-11-23",
    },
    {
        "key": "m9",
        "username": "panelwatcher",
        "display_name": "PanelWatcher",
        "comments": [9],
        "posts": 18,
        "date_joined": "2013-10-10",
    },
    {
        "key": "m11",
        "username": "greywolf",
        "display_name": "GreyWolf",
        "comments": [11],
        "posts": 10457,
        "date_joined": "2012-05-14",
    },
    {
        "key": "m20",
        "username": "fairwitness",
        "display_name": "FairWitness",
        "comments": [20],
        "posts": 708,
        "date_joined": "2011-03-30",
    },
    {
        "key": "m15",
        "username": "tobias_r",
        "display_name": "Tobias R",
        "comments": [15],
        "posts": 1106,
        "date_joined": "2012-02-23",
    },
    {
        "key": "m19",
        "username": "pixeldust",
        "display_name": "PixelDust",
        "comments": [19],
        "posts": 867,
        "date_joined": "2013-06-19",
    },
    {
        "key": "m21",
        "username": "kaito_h",
        "display_name": "Kaito H.",
        "comments": [21],
        "posts": 1268,
        "date_joined": "2012-03-30",
    },
    {
        "key": "m2",
        "username": "crystalball",
        "display_name": "CrystalBall",
        "comments": [2],
        "posts": 326,
        "date_joined": "2012-11-21",
    },
    {
        "key": "m12",
        "username": "sensiblesue",
        "display_name": "Sensible Sue",
        "comments": [12],
        "posts": 3902,
        "date_joined": "2013-02-04",
    },
    {
        "key": "m3",
        "username": "wanderlog",
        "display_name": "Wanderlog",
        "comments": [3],
        "posts": 145,
        "date_joined": "2013-04-05",
    },
    {
        "key": "m4",
        "username": "abacus",
        "display_name": "Abacus",
        "comments": [4],
        "posts": 973,
        "date_joined": "2012-08-09",
    },
    {
        "key": "m14",
        "username": "vaio_refugee",
        "display_name": "VAIO Refugee",
        "comments": [14],
        "posts": 225,
        "date_joined": "2013-10-10",
    },
    {
        "key": "m6",
        "username": "pocketsized",
        "display_name": "PocketSized",
        "comments": [6],
        "posts": 560,
        "date_joined": "2013-08-31",
    },
    {
        "key": "m8",
        "username": "shutterkey",
        "display_name": "ShutterKey",
        "comments": [8],
        "posts": 898,
        "date_joined": "2011-12-22",
    },
    {
        "key": "m10",
        "username": "backofenvelope",
        "display_name": "BackOfEnvelope",
        "comments": [10],
        "posts": 3535,
        "date_joined": "2012-12-21",
    },
    {
        "key": "m13",
        "username": "nonbeliever",
        "display_name": "NonBeliever",
        "comments": [13],
        "posts": 44,
        "date_joined": "2013-10-22",
    },
    {
        "key": "m16",
        "username": "steadyeddie",
        "display_name": "Steady Eddie",
        "comments": [16, 18],
        "posts": 895,
        "date_joined": "2012-06-10",
    },
    {
        "key": "m22",
        "username": "mapleleaf",
        "display_name": "MapleLeaf",
        "comments": [22],
        "posts": 34,
        "date_joined": "2013-01-02",
    },
    {
        "key": "m23",
        "username": "atlanticview",
        "display_name": "AtlanticView",
        "comments": [23, 25],
        "posts": 44,
        "date_joined": "2013-01-07",
    },
    # The demo's moderator (no comments in the seed thread) and a newcomer whose first
    # comment waits in the moderation queue (MODERATION_QUEUE below).
    {
        "key": "mod",
        "username": "nightdesk",
        "display_name": "NightDesk",
        "comments": [],
        "posts": 212,
        "date_joined": "2011-03-08",
        "is_moderator": True,
    },
    {
        "key": "new",
        "username": "wrenreads",
        "display_name": "WrenReads",
        "comments": [],
        "posts": 0,
        "date_joined": "2013-10-01",
    },
    {
        "key": "m5",
        "username": "bestdeals4u",
        "display_name": "BestDeals4U",
        "comments": [5],
        "posts": 1,
        "date_joined": "2013-10-30",
    },
]

# The moderation queue the demo starts with, posted after everything else through the
# site's own actions, a day after each story appeared. ``hold`` is why each one waits:
# the pre-moderation policies in force hold them by themselves on `make run`; where
# policies are off (the test settings) the loader holds them with these reasons.
MODERATION_QUEUE: list[dict[str, Any]] = [
    {
        "story": "sony-unveils-xperia-z1",
        "guest": "Phone Deals Daily",
        "hold": ["guest", "links"],
        "text": (
            "Why wait for the shops? Unlocked Xperia Z1 in stock now at "
            "https://z1-deals.example/black and https://z1-deals.example/white, with cases and "
            "chargers at https://z1-deals.example/extras. Free shipping this week only!"
        ),
    },
    {
        "story": "microsoft-to-buy-nokia-phone-business",
        "member": "m13",
        "reply_to": 1,
        "hold": ["banned_word", "abuse_score"],
        "text": (
            "Only an idiot would think Microsoft can save this. Anyone still defending Nokia's "
            "phones is a clueless sheep and deserves the brick they end up with."
        ),
    },
    {
        "story": "budget-android-phones-good-enough",
        "member": "new",
        "hold": ["new_member"],
        "text": (
            "Long-time reader, first comment. I swapped a two-year contract for a cheap "
            "unlocked phone in the spring and the only thing I miss is the camera. The money "
            "I save each month paid for a decent compact instead."
        ),
    },
    {
        "story": "iphone-5s-fingerprint-sensor",
        "guest": "NoFruitHere",
        "hold": ["guest", "banned_word"],
        "text": (
            "A fingerprint reader, wow. Morons will queue round the block for a feature "
            "Android phones will have for half the price by spring."
        ),
    },
]

# Reports from members on the seed story's hostile comments, by seed number (below the
# flags threshold, so they stay published and wait under "Reported").
DEMO_FLAGS: list[dict[str, Any]] = [
    {
        "number": 13,
        "by": "m3",
        "reason": "abuse",
        "note": "A drive-by insult at everyone who owns one; nothing about the story.",
    },
    {"number": 13, "by": "m8", "reason": "off_topic", "note": ""},
    {
        "number": 2,
        "by": "m12",
        "reason": "off_topic",
        "note": "The same Apple takeover jab turns up under every Sony story.",
    },
]

# Generic reader comments used to bulk-fill archive stories.
FILLER_COMMENTS: list[str] = [
    "Good write-up, thanks. Clear and to the point.",
    "I'll believe it when I see it in the shops.",
    "Interesting, but I'd like to know where these numbers actually come from.",
    "This is the most sensible take I've read on it so far.",
    "Give it six months and nobody will remember this was ever news.",
    "Does anyone know if this applies outside the US as well?",
    "Correction to a few comments above: that's a forecast, not a result. Big difference.",
    "I've been saying this for years. Nice to see someone finally agree.",
    "Not convinced. We've heard the same promises before and they never quite arrived.",
    "My dad is going to ask me about this at dinner, so thanks for the explainer.",
    "The comments on this site are always more entertaining than the story.",
    "Honest question: who is this actually for?",
    "Cautiously optimistic. Emphasis on cautiously.",
    "The price is going to make or break this, and they haven't said a word about it.",
    "Bookmarked. I want to come back to this in a year and see who was right.",
    "Can we get a follow-up once there's more detail? The interesting part is what happens next.",
    "That headline undersells it a bit, if anything.",
    "I work in this industry and it's more complicated than that, but the gist is right.",
    "Another day, another press release dressed up as a revolution.",
    "Fair play to them. It can't have been an easy decision.",
    "Whoever signed this off is either a genius or about to be looking for a new job.",
    "I miss the days when this kind of thing was a niche hobby.",
    "Genuinely impressive. I didn't think they had it in them.",
    "Is there a source for the second paragraph? I can't find it anywhere else.",
    "Called it. Pay up, everyone who laughed at me last spring.",
    "I'd rather they fixed the basics before chasing the next big thing.",
    "This is why I read the whole article and not just the headline.",
    "Competition is good. Everyone benefits when the big players have to try harder.",
    "Wake me up when it's available in Europe.",
    "Mixed feelings. Good for them, probably bad for the rest of us.",
    "Somebody in marketing is having a very good week.",
    "The real story is in the last paragraph, and it's buried.",
    "How is this only happening now? It seems so obvious in hindsight.",
    "I tried something similar a few years ago and it was a disaster, so good luck to them.",
    "Thanks for not burying this under ten pages of ads.",
    "Waiting for the inevitable U-turn in three, two, one...",
    "Can't say I'm surprised, but I am a little disappointed.",
    "That's a lot of words to say *we don't know yet*. Which is fair, to be honest.",
    "Love the optimism in this thread. Don't ever change, internet.",
    "Anyone else remember when this was supposed to happen in 2010?",
    "Good. About time.",
    "I'd be interested to hear what people who actually use it day to day think.",
    "Not everything has to be a fight between fanboys, people.",
    "If this works as advertised, it's a big deal. That's a large *if*, mind you.",
    "Shared this with my team. We were literally arguing about it this morning.",
    "Regulators are going to have something to say about this.",
    "The timing is interesting, to say the least.",
    "Nice to read a story that isn't just a rehashed rumour.",
    "Minor nitpick, but correlation isn't causation, whatever the press release implies.",
    "I see both sides here, which apparently makes me the only one.",
    "Can someone explain this to me like I'm five?",
    "Ten years ago this would have sounded like science fiction.",
    "It'll be interesting to see how the competition responds. They can't just ignore it.",
    "I'm sure the shareholders are delighted. Customers, less so.",
    "Every time I think I'm out, they pull me back in with something like this.",
    "Pretty sure this was tried before and quietly abandoned. Happy to be proven wrong.",
    "Great photos in the original announcement, by the way. Worth a look.",
    "Hard to argue with the numbers, even if you don't like the company.",
    "Reading this on the bus and nodding along the whole way.",
    "So what happens to the people who bought the old one last month?",
    "The more I read about this, the less I understand it.",
    "Sounds good on paper. Most things do.",
    "Fantastic news for anyone who has been waiting on this. Which is me.",
    "I'll wait for the reviews. Launch-day buyers are beta testers.",
    "Genuinely curious how they plan to make money from this.",
    "Thought this was satire until the second paragraph.",
    "The best bit is the reaction from the people who said it couldn't be done.",
    "Somebody please tell my bank manager.",
    "This is the kind of story I come here for. More like this, please.",
    "Not sure why this is getting so much attention. It's a fairly small change.",
    "They've clearly been listening to feedback. Credit where it's due.",
    "Nobody asked for this, and yet here we are.",
    "Just don't read the comments elsewhere on this one. Yikes.",
    "I expected worse, to be honest. Pleasantly surprised.",
    "Is it just me, or has this been the busiest month for news in ages?",
    "Half of this thread hasn't read past the headline, and it shows.",
    "Brilliant idea, terrible execution. Again.",
    "Hope they get the details right, because first impressions count.",
    "Would love a proper comparison with last year's version.",
    "Kudos to the writer for explaining the jargon without being patronising.",
    "Time will tell. It always does.",
    "My money's on this being cancelled within eighteen months.",
    "Very cool. My inner twelve-year-old is thrilled.",
    "A pity it took a crisis to get here, but here we are.",
    "I was sceptical at first, but the last paragraph won me over.",
    "Let's see what the independent tests say before we get excited.",
    "That's going to annoy a lot of people, and probably for good reason.",
    "Finally, some good news this week.",
]

# Topics that cut across sections; each story's tags, by slug.
STORY_TAGS: dict[str, list[str]] = {
    "sony-record-10-million-xperia-quarter": ["Sony", "Smartphones", "Earnings"],
    "sony-unveils-xperia-z1": ["Sony", "Smartphones"],
    "samsung-galaxy-gear-smartwatch": ["Samsung", "Smartwatches"],
    "iphone-5s-fingerprint-sensor": ["Apple", "Smartphones", "Security"],
    "ios-7-arrives-flatter-look": ["Apple"],
    "budget-android-phones-good-enough": ["Android", "Smartphones"],
    "startup-smartwatch-week-battery": ["Smartwatches"],
    "intel-bay-trail-atom-tablets": ["Tablets", "Windows"],
    "microsoft-surface-2-kickstand": ["Microsoft", "Tablets", "Windows"],
    "adobe-breach-customer-data-source-code": ["Security"],
    "windows-8-1-start-button-returns": ["Microsoft", "Windows"],
    "os-x-mavericks-free-upgrade": ["Apple"],
    "ladee-launch-moon-atmosphere": ["Space"],
    "voyager-1-reaches-interstellar-space": ["Space"],
    "curiosity-little-methane-mars": ["Space"],
    "comet-ison-heads-for-the-sun": ["Space"],
    "microsoft-to-buy-nokia-phone-business": ["Microsoft", "Smartphones", "Deals"],
    "dell-shareholders-approve-buyout": ["Deals"],
    "blackberry-tentative-takeover-deal": ["Smartphones", "Deals"],
    "twitter-publishes-ipo-plans": ["Deals"],
    "pc-sales-keep-falling-tablets": ["Tablets", "Earnings"],
    "playstation-4-xbox-one-launch-guide": ["Sony", "Microsoft", "Consoles"],
    "nintendo-2ds-drops-3d-and-hinge": ["Consoles"],
    "valve-announces-steamos": ["Consoles"],
}

# Stories written by more than one person: the extra names, after the story's byline.
CO_AUTHORS: dict[str, list[str]] = {
    "microsoft-to-buy-nokia-phone-business": ["hlindqvist"],
    "playstation-4-xbox-one-launch-guide": ["dokafor"],
}

# Corrections printed under a story.
CORRECTIONS: dict[str, str] = {
    "pc-sales-keep-falling-tablets": (
        "An earlier version of this story gave the quarter's fall in shipments as 18%. "
        "The analysts' figure was 8.6%."
    ),
}

# A story the newsroom has scheduled: the loader sets it to go out a few minutes after
# the demo loads, so a newcomer sees it appear on the front page on its own.
SCHEDULED_STORY: dict[str, Any] = {
    "slug": "xperia-z1-compact-rumours",
    "headline": "Sony is said to be readying a smaller Xperia Z1",
    "summary": "A compact version of Sony's flagship may follow before the end of the year.",
    "body": (
        "Sony is preparing a smaller version of the Xperia Z1 with the same camera and "
        "processor in a body with a 4.3-inch screen, according to people familiar with the "
        "plans.\n\n"
        "Sony declined to comment. A compact flagship would set the phone apart from rivals "
        "whose smaller models have slower chips and weaker cameras than their big siblings."
    ),
    "section": "mobile",
    "byline": "hlindqvist",
    "tags": ["Sony", "Smartphones"],
    "minutes_after_load": 3,
}
