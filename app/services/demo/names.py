"""Names for the demo station: common Uttar Pradesh names, each in Devanagari and Latin script
(a station writes a name in either), and offences as a UP station registers them."""

from __future__ import annotations

import random

FIRST_MALE = [
    ("राम प्रकाश", "Ram Prakash"), ("शिव कुमार", "Shiv Kumar"), ("राजेश", "Rajesh"), ("सुरेश", "Suresh"),
    ("रमेश", "Ramesh"), ("अनिल", "Anil"), ("सुनील", "Sunil"), ("विनोद", "Vinod"), ("मनोज", "Manoj"),
    ("संजय", "Sanjay"), ("अजय", "Ajay"), ("विजय", "Vijay"), ("राकेश", "Rakesh"), ("दिनेश", "Dinesh"),
    ("महेश", "Mahesh"), ("उमेश", "Umesh"), ("बृजेश", "Brijesh"), ("अवधेश", "Awadhesh"), ("रवीन्द्र", "Ravindra"),
    ("सुरेन्द्र", "Surendra"), ("नरेन्द्र", "Narendra"), ("धर्मेन्द्र", "Dharmendra"), ("जितेन्द्र", "Jitendra"),
    ("प्रमोद", "Pramod"), ("अरविन्द", "Arvind"), ("अशोक", "Ashok"), ("संतोष", "Santosh"), ("राघवेन्द्र", "Raghvendra"),
    ("पंकज", "Pankaj"), ("दीपक", "Deepak"), ("नीरज", "Neeraj"), ("अमित", "Amit"), ("सचिन", "Sachin"),
    ("प्रदीप", "Pradeep"), ("सत्य प्रकाश", "Satya Prakash"), ("ओम प्रकाश", "Om Prakash"), ("रामपाल", "Rampal"),
    ("हरिश्चन्द्र", "Harishchandra"), ("शैलेन्द्र", "Shailendra"), ("योगेश", "Yogesh"), ("कृष्ण कुमार", "Krishna Kumar"),
]
FIRST_FEMALE = [
    ("सुनीता", "Sunita"), ("अनीता", "Anita"), ("पूनम", "Poonam"), ("रेखा", "Rekha"), ("किरन", "Kiran"),
    ("नीलम", "Neelam"), ("प्रियंका", "Priyanka"), ("पूजा", "Pooja"), ("शालिनी", "Shalini"), ("अर्चना", "Archana"),
    ("सरिता", "Sarita"), ("मंजू", "Manju"),
]
MUSLIM = [
    ("मो० आरिफ", "Mohd. Arif"), ("इरफान", "Irfan"), ("शाहिद", "Shahid"), ("नसीम", "Naseem"), ("मो० सलीम", "Mohd. Salim"),
]
SURNAMES = [
    ("यादव", "Yadav"), ("सिंह", "Singh"), ("वर्मा", "Verma"), ("मौर्य", "Maurya"), ("पाण्डेय", "Pandey"),
    ("मिश्रा", "Mishra"), ("तिवारी", "Tiwari"), ("शुक्ला", "Shukla"), ("दुबे", "Dubey"), ("त्रिपाठी", "Tripathi"),
    ("श्रीवास्तव", "Srivastava"), ("गुप्ता", "Gupta"), ("कुशवाहा", "Kushwaha"), ("पाल", "Pal"), ("प्रजापति", "Prajapati"),
    ("चौहान", "Chauhan"), ("गौतम", "Gautam"), ("सरोज", "Saroj"), ("रावत", "Rawat"), ("निषाद", "Nishad"),
]
MUSLIM_SURNAMES = [("खान", "Khan"), ("अंसारी", "Ansari"), ("सिद्दीकी", "Siddiqui"), ("अहमद", "Ahmad")]


def person_name(rng: random.Random, *, hindi_share: float = 0.5, female_share: float = 0.12) -> str:
    """A name as a station writes it: Devanagari or Latin, never mixed in one name."""
    roll = rng.random()
    if roll < 0.08:
        first, last = rng.choice(MUSLIM), rng.choice(MUSLIM_SURNAMES)
    else:
        first = rng.choice(FIRST_FEMALE if roll < 0.08 + female_share else FIRST_MALE)
        last = rng.choice(SURNAMES)
    script = 0 if rng.random() < hindi_share else 1
    return f"{first[script]} {last[script]}"


# (act before 1 July 2024, sections, act on/after, sections, punishment class, weight, sensitive); the class is
# the one the sections give (resources/law/punishments.json): the demo builder checks it
OFFENCES = [
    ("IPC", "379", "BNS", "303(2)", "lt10", 30, False),  # theft
    ("IPC", "380, 457", "BNS", "305, 331(4)", "ge10", 10, False),  # house-breaking by night and theft: 14 years
    ("IPC", "323, 504, 506", "BNS", "115(2), 352, 351(2)", "lt10", 22, False),  # hurt, insult, threat
    ("IPC", "279, 337, 338", "BNS", "281, 125(a), 125(b)", "lt10", 8, False),  # rash driving
    ("IPC", "279, 304A", "BNS", "281, 106(1)", "lt10", 4, False),  # death by negligence
    ("IPC", "498A, 323, 506", "BNS", "85, 115(2), 351(2)", "lt10", 7, False),  # cruelty by husband
    ("IPC", "363, 366", "BNS", "137(2), 87", "lt10", 4, True),  # kidnapping a woman: up to 10 years
    ("IPC", "420, 406", "BNS", "318(4), 316(2)", "lt10", 6, False),  # cheating, breach of trust
    ("IPC", "147, 148, 149, 323", "BNS", "191(2), 191(3), 190, 115(2)", "lt10", 5, False),  # rioting
    ("IPC", "307", "BNS", "109", "ge10", 2, False),  # attempt to murder
    ("IPC", "302", "BNS", "103(1)", "ge10", 1, False),  # murder
    ("IPC", "304B, 498A", "BNS", "80, 85", "ge10", 1, True),  # dowry death
    ("IPC", "376", "BNS", "64", "sexual", 2, True),  # rape
    ("IPC, POCSO", "354A, 7/8", "BNS, POCSO", "75, 7/8", "sexual", 2, True),  # sexual assault of a child
    ("NDPS", "8/20(b)(ii)(C)", "NDPS", "8/20(b)(ii)(C)", "ndps", 3, False),  # cannabis, commercial quantity
    ("Arms Act", "3/25(1B)(a)", "Arms Act", "3/25(1B)(a)", "lt10", 6, False),
    ("Excise Act", "60", "Excise Act", "60", "lt10", 6, False),
    ("Gambling Act", "13", "Gambling Act", "13", "lt10", 3, False),
]
