#!/usr/bin/env python3
# ruff: noqa: E501 - the sample texts are long lines on purpose (one card or issue per line)
"""Generate the bundled sample exports in ``examples/`` (fictional teams; every text written by us).

    python examples/make_samples.py            # rewrite the sample files next to this script
    python examples/make_samples.py OUT_DIR    # write them into OUT_DIR instead

Writes ``trello_sample_board.json`` (Trello "Export as JSON" of the board "Fieldnote — mobile
app"), ``jira_sample_export.json`` (Jira Cloud REST search results for project PAY, with
changelogs and comments) and ``jira_sample_export.csv`` (the same issues as Jira's CSV export).

Deterministic: a fixed seed and fixed dates, Python standard library only, so running it again
gives byte-identical files (tests/test_examples.py checks that).

The stories the samples tell (so the analysis has something true to find):
- Trello: Maya Okafor, the product manager, spends spring and summer on research, vision and the
  roadmap; from September she slides into backlog grooming (writing stories, re-ordering the
  backlog, moving cards to "Ready for dev") -> role drift. After mid-September nobody touches a
  research, vision or roadmap card any more -> a stale roadmap with no owner. Tomás Herrera, the
  product owner, does product-owner work throughout.
- Jira: Ines Carvalho is the payments team's only product person and carries both the product
  manager and the product owner work (role overlap); from September on she only runs sprints and
  nobody touches an epic or a strategy item any more -> a stale roadmap.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 20261120
HERE = Path(__file__).resolve().parent
TRELLO_FILE = "trello_sample_board.json"
JIRA_JSON_FILE = "jira_sample_export.json"
JIRA_CSV_FILE = "jira_sample_export.csv"
OUTPUTS = (TRELLO_FILE, JIRA_JSON_FILE, JIRA_CSV_FILE)

# ================================================================================================
# Trello: "Fieldnote — mobile app" (offline-first field notes for researchers and inspectors)
# ================================================================================================

T_START = datetime(2026, 4, 27, 8, 0, tzinfo=UTC)  # the team moved to this board that Monday
T_END = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)  # the export was taken that Friday evening
# Maya starts grooming the backlog in September and does mostly that from October on.
DRIFT_START = datetime(2026, 9, 1, tzinfo=UTC)
DRIFT_FULL = datetime(2026, 10, 1, tzinfo=UTC)

T_LISTS = [
    "Ideas",
    "Discovery",
    "Roadmap",
    "Backlog",
    "Ready for dev",
    "Sprint",
    "Doing",
    "Review",
    "Done",
]
T_LABELS = [  # (name, colour)
    ("Research", "purple"),
    ("Strategy", "sky"),
    ("Metrics", "lime"),
    ("Bug", "red"),
    ("iOS", "black"),
    ("Android", "green"),
    ("Backend", "blue"),
    ("Design", "pink"),
    ("Tech debt", "orange"),
    ("Customer request", "yellow"),
    ("Quick win", "green"),
]

# (key, full name, username, initials)
T_PEOPLE = [
    ("maya", "Maya Okafor", "mayaokafor", "MO"),
    ("tomas", "Tomás Herrera", "tomasherrera3", "TH"),
    ("priya", "Priya Raman", "priyaraman", "PR"),
    ("jonas", "Jonas Becker", "jonasbecker12", "JB"),
    ("lea", "Léa Moreau", "leamoreau", "LM"),
    ("aiko", "Aiko Tanaka", "aikotanaka_design", "AT"),
]
T_DEVS = ["priya", "jonas", "lea"]

# Strategic cards: (title, description, labels, checklist items or None, final list)
# final list: Ideas / Discovery / Roadmap / archived
T_STRATEGIC = [
    (
        "Vision 2027: Fieldnote as the shared notebook of a field team",
        "Draft the product vision for the next 18 months. Today Fieldnote is a great solo notebook; "
        "the bet is that whole field teams (ecology surveys, building inspections, agronomy) will "
        "adopt it if notes, photos and forms flow to the people back at the office.\n\n"
        "Output: a one-page vision narrative and three principles we can test decisions against. "
        "Review with leadership before the H2 planning.",
        ["Strategy"],
        ["Collect input from sales and support", "First draft", "Leadership review"],
        "Roadmap",
    ),
    (
        "User research: interview 8 field ecologists about how they capture observations",
        "We know little about how professional ecologists work in the field. Recruit 8 people "
        "from the beta list (mix of consultancies and universities), 45 minutes each.\n\n"
        "Goal: understand their needs and pain points: the moments where paper still wins over "
        "the app, and what happens to the notes after the field day.",
        ["Research"],
        ["Recruit participants", "Interview guide", "Run interviews", "Synthesis"],
        "Roadmap",
    ),
    (
        "Churn analysis: why do teams stop syncing after week 3?",
        "Team accounts that stop syncing in their third week rarely come back. Look at the "
        "cohorts from January to April and combine with the cancellation survey.\n\n"
        "Questions: is it onboarding, sync conflicts, missing exports, or price?",
        ["Research", "Metrics"],
        None,
        "Discovery",
    ),
    (
        "Define the north-star metric for the team plan",
        "Candidates: weekly active field teams, notes shared per team per week, forms completed. "
        "We need one metric the whole company steers by, plus 2-3 input metrics.",
        ["Metrics", "Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Competitor scan: inspection apps and form builders",
        "Map the alternatives our prospects mention (inspection checklists apps, generic form "
        "builders, shared drives with photos). Pricing, target segment, offline support, "
        "strengths we cannot match, gaps we can own.",
        ["Research", "Strategy"],
        None,
        "Discovery",
    ),
    (
        "Pricing experiment: team plan at 8 EUR per seat",
        "Hypothesis: teams of 3-10 people will pay 8 EUR per seat per month if shared templates "
        "and the web dashboard are included. Run a fake-door test on the pricing page for four "
        "weeks and compare with the current 6 EUR plan.",
        ["Strategy", "Metrics"],
        ["Agree test design with finance", "Set up pricing page variant", "Read results"],
        "Roadmap",
    ),
    (
        "Opportunity sizing: municipal building inspection teams",
        "Several inbound requests came from city inspection departments. How many teams, what "
        "budgets, which procurement rules? Is this a segment worth a roadmap theme?",
        ["Research", "Strategy"],
        None,
        "Discovery",
    ),
    (
        "H2 roadmap: offline-first, team spaces, exports",
        "Roadmap for July-December, organised in three themes:\n\n"
        "1. Offline-first reliability (sync that never loses a note)\n"
        "2. Team spaces (shared templates, roles, activity)\n"
        "3. Getting data out (PDF reports, CSV, integrations)\n\n"
        "Each theme has an outcome and a metric; features are examples, not commitments.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Business case for a web companion app",
        "Office staff ask for a browser view of the team's notes. Estimate the revenue impact "
        "(upsell to team plan), the cost (2 engineers for a quarter) and the risk to the mobile "
        "roadmap. Recommend go / no-go.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Research: how inspectors hand over findings to their clients",
        "Shadow two inspectors for a day and look at the report they deliver. What format, how "
        "long after the visit, how much retyping?",
        ["Research"],
        ["Find two inspectors", "Shadowing day 1", "Shadowing day 2", "Write up"],
        "Roadmap",
    ),
    (
        "Success metrics for the photo annotation launch",
        "Before we ship annotation, agree how we will know it worked: share of notes with an "
        "annotated photo after 30 days, retention of users who annotate, support tickets.",
        ["Metrics"],
        None,
        "Roadmap",
    ),
    (
        "Q3 objectives and key results: activation and retention",
        "Draft OKRs with the leadership team. Objective candidates: new teams reach their first "
        "shared note in the first week; fewer teams churn in the first month.",
        ["Strategy", "Metrics"],
        None,
        "Roadmap",
    ),
    (
        "Present the H2 roadmap to sales, support and leadership",
        "One session per group. Collect concerns and requests, note what changes. Publish the "
        "agreed roadmap on the wiki afterwards.",
        ["Strategy"],
        ["Leadership", "Sales", "Support", "Publish on the wiki"],
        "Roadmap",
    ),
    (
        "Explore a partnership with a GIS data provider",
        "Several customers want base maps with parcel boundaries. Partnering could be cheaper "
        "than building. Understand licensing, cost per seat, and how exclusive it would be.",
        ["Strategy"],
        None,
        "Ideas",
    ),
    (
        "Segment analysis: solo researchers vs. small teams",
        "Split revenue, retention and support load by segment. Which segment should the next "
        "two quarters be designed for?",
        ["Research", "Metrics"],
        None,
        "Discovery",
    ),
    (
        "Survey: what would make you pay for Fieldnote?",
        "In-app survey to free users with more than 20 notes. Max 5 questions. Aim for 300 "
        "answers.",
        ["Research"],
        ["Write questions", "Review with Aiko", "Launch", "Analyse answers"],
        "Discovery",
    ),
    (
        "Positioning statement for the team plan",
        "For field teams who lose time retyping notes into reports, Fieldnote is the shared "
        "field notebook that... Finish this with marketing and test it in five sales calls.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Go-to-market idea: Android tablets in agriculture",
        "Agronomists use rugged Android tablets. Could we partner with a reseller? Idea stage; "
        "needs a quick look at market size before discovery.",
        ["Strategy"],
        None,
        "Ideas",
    ),
    (
        "Measure the impact of the new onboarding on activation",
        "Compare activation (first shared note within 7 days) for signups before and after the "
        "onboarding redesign. Control for seasonality with last year's cohorts.",
        ["Metrics"],
        None,
        "Roadmap",
    ),
    (
        "Discovery: is there demand for voice note transcription?",
        "Users record voice notes while their hands are busy. Would transcription change how "
        "they use them? Look at usage data and ask 5 heavy voice users.",
        ["Research"],
        None,
        "Discovery",
    ),
    (
        "Discovery: audit trail requirements for regulated customers",
        "Inspection and environmental consultancies mention audits. What exactly must be "
        "provable (who changed a note, when, from where)? Talk to two compliance officers.",
        ["Research"],
        None,
        "Discovery",
    ),
    (
        "Long-term bet: on-device summaries of a field day",
        "Idea: at the end of the day the app drafts a summary of all notes and photos, without "
        "sending data to a server. Keep as a long-term bet; revisit when on-device models "
        "are good enough on mid-range phones.",
        ["Strategy"],
        None,
        "Ideas",
    ),
    (
        "Market opportunity: universities and field courses",
        "Field courses run every summer with 20-60 students each. A classroom plan could be a "
        "growth channel. Estimate the number of courses in our three main countries.",
        ["Strategy", "Research"],
        None,
        "Ideas",
    ),
    (
        "Retention review of the May signup cohort",
        "Month-one retention of May signups against the target of 40%. Break down by platform "
        "and by acquisition channel; share findings in the product review.",
        ["Metrics"],
        None,
        "archived",
    ),
    (
        "Decide: build our own map tiles or buy a provider",
        "Costs over three years, offline support, styling, vendor risk. Decision needed before "
        "the offline maps theme is planned.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Product principles for offline-first",
        "Write down what offline-first means for us: never block capture, never lose a note, "
        "conflicts are resolved by people not by the server. Share with the team.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Customer advisory board: first session",
        "Invite six customers (two per segment) for a quarterly session. Agenda: roadmap "
        "preview, their biggest problem this season, what they would drop.",
        ["Research", "Strategy"],
        ["Invite customers", "Agenda", "Run session", "Share notes"],
        "Roadmap",
    ),
    (
        "Win/loss review of the last 10 team trials",
        "Call the admins of the last 10 team trials (4 converted, 6 did not). What made the "
        "difference?",
        ["Research"],
        None,
        "Discovery",
    ),
    (
        "Roadmap theme: collaboration in the field",
        "Outcome: a team of five can plan a survey day together and see each other's notes "
        "during the day. Metric: notes viewed by someone other than the author.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Annual planning input: budget for sync infrastructure",
        "Provide finance with the expected growth in synced data and the infrastructure budget "
        "we need next year, with a low and a high scenario.",
        ["Strategy", "Metrics"],
        None,
        "archived",
    ),
    (
        "Synthesis of the June customer interviews",
        "Affinity map of the 11 June interviews; top unmet needs and how they map to the "
        "roadmap themes.",
        ["Research"],
        None,
        "Roadmap",
    ),
    (
        "Hypothesis: shared templates drive team adoption and retention",
        "If a team admin creates a shared template in week one, the team is twice as likely to "
        "stay. Check the retention data we have and design an experiment to test it.",
        ["Research", "Metrics"],
        None,
        "Discovery",
    ),
    (
        "Feature adoption dashboard for the leadership team",
        "One page with adoption of the last six launches, weekly. Replace the manual slide we "
        "build for the monthly business review.",
        ["Metrics"],
        None,
        "Roadmap",
    ),
    (
        "Release plan: Fieldnote 3.0 milestones",
        "Milestones from beta to general availability for the team plan release, with the "
        "marketing moments and the support readiness checklist.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
    (
        "Research: mine app store reviews for unmet user needs",
        "Read the 200 most recent reviews on both stores and tag them by need. Compare with what "
        "the roadmap covers.",
        ["Research"],
        None,
        "Discovery",
    ),
    (
        "Evaluate expansion into the Nordic countries",
        "Forestry and environmental consultancies in the Nordics look similar to our best "
        "customers. Language, data residency and payment expectations?",
        ["Strategy"],
        None,
        "Ideas",
    ),
    (
        "Sunset plan for the legacy v1 export format",
        "About 300 accounts still use the v1 export. Plan the deprecation with support: "
        "announcement, migration help, final date.",
        ["Strategy"],
        None,
        "archived",
    ),
    (
        "Define the ideal customer profile for sales",
        "Based on the segment analysis, write the ideal customer profile: team size, industry, "
        "current tools, trigger events. Sales will use it to qualify leads.",
        ["Strategy"],
        None,
        "Roadmap",
    ),
]
# Strategic cards Maya created at the end of the summer, just before she slid into grooming: they
# stay in Ideas, never touched again (the roadmap still exists, nobody keeps it current).
T_STRATEGIC_LATE = [
    (
        "Q1 2027 roadmap draft",
        "Placeholder for the Q1 roadmap. Needs the results of the pricing test and the "
        "segment analysis first.",
        ["Strategy"],
        None,
        "Ideas",
    ),
    (
        "Revisit the product vision after the team plan launch",
        "Check whether the vision still holds now that the team plan is live.",
        ["Strategy"],
        None,
        "Ideas",
    ),
    (
        "Interview plan for churned team accounts",
        "Three team accounts cancelled in August. Plan short calls with their admins.",
        ["Research"],
        None,
        "Ideas",
    ),
]

# Stories: (title, user story sentence, acceptance criteria, labels). About half keep their
# criteria in the description, a third in a checklist, the rest have none (as real backlogs do).
# fmt: off
T_STORIES = [
    ("Attach up to 20 photos to a note", "As a surveyor, I want to attach up to 20 photos to a note so that an observation keeps all its pictures together.", ["Photos keep the order they were taken in", "A counter shows 'n of 20'", "Works offline and syncs later"], ["iOS", "Android"]),
    ("Annotate a photo with arrows and circles", "As an inspector, I want to draw arrows and circles on a photo so that the report shows exactly where the crack is.", ["Arrow, circle and free-hand tools", "Undo button for the last stroke", "The original photo is kept"], ["iOS", "Android", "Design"]),
    ("Record a voice note while the screen is locked", "As an ecologist, I want the recording to continue when the screen locks so that the app does not cut the end of an observation.", ["Recording continues with the screen locked", "A notification shows the running time", "Stops after 30 minutes with a warning"], ["iOS", "Android"]),
    ("Add GPS position to a note automatically", "As a field worker, I want each note to store where it was taken so that I can find the spot again.", ["Position stored with accuracy in metres", "Can be switched off per note", "Shown on the note detail"], ["iOS", "Android"]),
    ("Show sync status on every note", "As a user, I want to see whether a note is synced so that I trust the app before I leave the field.", ["Icon for synced, waiting and failed", "Tapping a failed icon retries", "Status updates without reopening the note"], ["iOS", "Android", "Design"]),
    ("Create a note from a template", "As a team member, I want to start a note from a team template so that everyone records the same fields.", ["Template picker on the new note screen", "Fields are pre-filled with the template defaults", "Recently used templates first"], ["iOS", "Android"]),
    ("Team admin can share a template with the team", "As a team admin, I want to publish a template to my team so that new members use the right form from day one.", ["Publish and unpublish a template", "Members see published templates after sync", "Only admins can publish"], ["Backend", "iOS", "Android"]),
    ("Export a note as PDF", "As an inspector, I want to export a note as a PDF with its photos so that I can send it to my client.", ["Photos are included at readable size", "Company logo in the header", "File name uses note title and date"], ["Backend"]),
    ("Export a project as CSV", "As an analyst, I want all notes of a project in a CSV file so that I can work with them in a spreadsheet.", ["One row per note, one column per form field", "UTF-8 with a header row", "Download link sent by e-mail for large projects"], ["Backend"]),
    ("Search notes by text and tag", "As a user, I want to search my notes by words and tags so that I find last month's observation quickly.", ["Results while typing", "Matches in title, body and tags", "Works offline on the notes stored on the device"], ["iOS", "Android"]),
    ("Filter notes by date range", "As a user, I want to filter the note list by date so that I can review one field day.", ["Quick ranges: today, this week, custom", "Filter is kept when returning to the list"], ["iOS", "Android"]),
    ("Invite a colleague by e-mail", "As a team admin, I want to invite a colleague by e-mail so that they join my team without a support ticket.", ["Invitation e-mail with a link valid for 7 days", "Invited person lands in the right team", "Admin sees pending invitations"], ["Backend"]),
    ("Remove a member from a team", "As a team admin, I want to remove a person who left so that they no longer see our notes.", ["Removed member loses access at next sync", "Their notes stay in the team", "Admin gets a confirmation"], ["Backend"]),
    ("Dark mode for the note editor", "As a user working at dawn, I want a dark editor so that the screen does not blind me.", ["Follows the system setting", "Photos are not inverted"], ["iOS", "Android", "Design"]),
    ("Pin notes in the note list", "As a user, I want to pin notes in the list so that reference notes stay above the others.", ["Pin and unpin button in the list and on the note screen", "Pinned notes are sorted by pin time"], ["iOS", "Android"]),
    ("Duplicate a note", "As a surveyor, I want to duplicate a note so that I can record the next plot with the same fields.", ["Copy keeps fields and tags, not photos", "Title gets ' (copy)'"], ["iOS", "Android"]),
    ("Offline map tiles for a project", "As a field worker, I want to download the map tiles of my project so that the map screen shows my notes as pins without signal.", ["Select a region on the map screen and download it", "Size estimate before the download", "Notes shown as pins"], ["iOS", "Android", "Backend"]),
    ("Resolve sync conflicts by choosing a version", "As a user, I want a conflict screen that shows both versions of a note two people edited so that I can keep the right version and no edit is silently lost.", ["Both versions are shown side by side", "The other version is kept in the history", "Conflict badge in the list until resolved"], ["iOS", "Android", "Backend"]),
    ("Note history: see who changed what", "As a team member, I want a history screen for each note so that I can see who changed a field value and when.", ["List of changes with author and time", "Tap an entry to see the old value"], ["Backend", "iOS"]),
    ("Checklist field in forms", "As a template author, I want a checklist field so that inspectors tick items instead of typing.", ["Add, reorder and remove checklist items in the template", "Progress shown on the note card"], ["iOS", "Android"]),
    ("Signature field for client sign-off", "As an inspector, I want the client to sign on my phone so that the visit is confirmed on the spot.", ["Signature pad in landscape", "Signature is included in the PDF export", "Cannot be edited once signed"], ["iOS", "Android"]),
    ("Measurements with units in forms", "As an ecologist, I want number fields with units so that nobody mixes centimetres and metres.", ["Unit chosen in the template", "Input validates ranges set in the template"], ["iOS", "Android"]),
    ("Read-only link to a note", "As a user, I want to send a client a read-only link to a note so that they can open it in a browser without signing up.", ["Link can be revoked", "Link expires after 30 days by default", "Viewer page works on mobile browsers"], ["Backend"]),
    ("Weekly e-mail summary for team admins", "As a team admin, I want a weekly e-mail of my team's activity so that I see progress without opening the app.", ["Sent Monday morning in the admin's time zone", "Notes created per member", "Unsubscribe link"], ["Backend"]),
    ("Onboarding: guided walkthrough of the new-note screen", "As a new user, I want a short guided walkthrough of the new-note screen so that I understand the app in a minute.", ["Walkthrough covers the title field, the photo button and save", "Skip button", "Not shown again after completion"], ["iOS", "Android", "Design"]),
    ("Onboarding: join your team from the invitation", "As an invited user, I want the app to open my team directly so that I do not create a personal space by mistake.", ["Deep link from the invitation opens the team", "Works when the app is not installed yet"], ["iOS", "Android", "Backend"]),
    ("Tags with colours", "As a user, I want coloured tags so that I can scan my list by category.", ["Eight colours", "Colour visible in the list"], ["iOS", "Android"]),
    ("Bulk move notes to another project", "As a user, I want to select several notes and move them to another project so that I can tidy up after a field day.", ["Multi-select in the list", "Move keeps photos and history", "Undo within 5 seconds"], ["iOS", "Android"]),
    ("Reminder to sync before going offline", "As a field worker, I want a reminder when notes are not synced and I am on Wi-Fi so that I leave with everything uploaded.", ["Reminder only when there are unsynced notes", "Can be switched off"], ["iOS", "Android"]),
    ("Project dashboard in the web app", "As an office coordinator, I want a project page listing notes and their status so that I can follow the field work.", ["Table with author, date, status", "Filter by member", "Link to each note"], ["Backend", "Design"]),
    ("Archive a finished project", "As a team admin, I want to archive a project so that it no longer clutters the app but stays searchable.", ["Archived projects hidden by default", "Can be restored", "Archived notes are read-only"], ["Backend", "iOS", "Android"]),
    ("Compass bearing on photos", "As a surveyor, I want each photo to store the compass bearing of the camera so that I can take the same shot again on my next visit.", ["Bearing stored in degrees", "Shown as an arrow on the photo detail"], ["iOS", "Android"]),
    ("Import a species list into a template", "As an ecologist, I want to import a species list from CSV so that I can pick species instead of typing Latin names.", ["CSV with one name per row", "Search within the list while filling the form"], ["Backend", "iOS", "Android"]),
    ("Accessibility: larger text sizes in the editor", "As a user with low vision, I want the editor to follow the system text size so that I can read my notes.", ["Supports the largest system text sizes", "No clipped buttons"], ["iOS", "Android", "Design"]),
    ("SAML single sign-on for team accounts", "As an IT admin, I want my team to sign in with our identity provider so that accounts follow our policies.", ["SAML setup page for admins", "Users are created on first sign-in", "Fallback to e-mail login can be disabled"], ["Backend"]),
    ("Comment on a team member's note", "As a team member, I want to comment on a colleague's note so that we discuss a finding where it was recorded.", ["Comments sync like notes", "Author gets a notification", "Comments appear in the PDF only when chosen"], ["Backend", "iOS", "Android"]),
    ("Mention a colleague in a comment", "As a team member, I want to @mention a colleague so that they are notified.", ["Autocomplete of team members", "Mentioned person gets a push notification"], ["Backend", "iOS"]),
    ("Scan a QR code to open an asset's notes", "As an inspector, I want to scan the QR sticker on an asset so that I see its previous inspections.", ["Camera scanner from the search bar", "Unknown codes offer to create a note"], ["iOS", "Android"]),
    ("Audio playback speed for voice notes", "As a user, I want to play voice notes at 1.5x so that I can review a day of recordings faster.", ["Speeds 1x, 1.5x, 2x", "Speed remembered per user"], ["iOS", "Android"]),
    ("Show storage used on the device", "As a user with an old phone, I want to see how much space Fieldnote uses so that I can free some.", ["Storage per project", "Option to remove synced photos from the device"], ["iOS", "Android"]),
    ("Team roles: viewer, editor, admin", "As a team admin, I want to give someone view-only access so that clients can follow a project.", ["Three roles with clear descriptions", "Viewers cannot create or edit notes", "Role change applies at next sync"], ["Backend"]),
    ("Print-friendly layout for the web note view", "As an office coordinator, I want to print a note from the browser so that it fits on A4.", ["Photos scaled to fit", "No navigation elements in print"], ["Backend", "Design"]),
    ("Copy location to clipboard", "As a field worker, I want to copy a note's coordinates so that I can paste them in a message.", ["Decimal degrees format", "Toast confirms the copy"], ["iOS", "Android"]),
    ("Quick capture widget on the home screen", "As a field worker, I want a home-screen widget to start a note so that I capture in two taps.", ["Widget for photo note and text note", "Opens the last used project"], ["iOS", "Android"]),
    ("Team template library page", "As a team admin, I want one place that lists our templates so that I can keep them tidy.", ["List with usage count", "Edit and unpublish from the list"], ["Backend", "Design"]),
    ("Swipe to delete with undo", "As a user, I want to swipe a note to delete it and undo if I slipped so that cleaning up is quick but safe.", ["Undo banner for 5 seconds", "Deleted notes go to the bin for 30 days"], ["iOS", "Android"]),
    ("Recently deleted bin", "As a user, I want a bin of deleted notes so that I can recover a note I removed by mistake.", ["Notes kept 30 days", "Restore puts the note back in its project"], ["iOS", "Android", "Backend"]),
    ("Weather conditions on a note", "As an ecologist, I want the weather at capture time saved so that I can compare observations.", ["Temperature, wind and cloud cover", "Only when online; can be added later"], ["Backend", "iOS"]),
    ("Drafts are saved while typing", "As a user, I want my note saved as I type so that a crash never loses text.", ["Saved every few seconds", "Draft restored after a crash"], ["iOS", "Android"]),
    ("Show the last sync time in settings", "As a support agent, I want users to tell me their last sync time so that I can debug faster.", ["Last successful sync with time", "Copy diagnostics button"], ["iOS", "Android"]),
    ("Sort notes by distance from me", "As a field worker, I want notes sorted by distance so that I see what was recorded nearby.", ["Sort option 'Nearest first'", "Distance shown on each note"], ["iOS", "Android"]),
    ("Bulk tag notes", "As a user, I want to tag several notes at once so that I can organise a field day quickly.", ["Multi-select then 'Add tag'", "Works offline"], ["iOS", "Android"]),
    ("Team activity feed", "As a team member, I want a feed of what my colleagues recorded today so that I know where the team has been.", ["Newest first", "Filter by project"], ["Backend", "iOS", "Android"]),
    ("Limit photo resolution to save data", "As a field worker on a small data plan, I want to upload photos in reduced size so that sync does not eat my plan.", ["Setting: original, large, medium", "Originals kept on the device until synced on Wi-Fi"], ["iOS", "Android"]),
    ("Two-step login for team admins", "As a security-minded admin, I want two-step login so that my team's data is safer.", ["Authenticator app codes", "Recovery codes"], ["Backend"]),
    ("Link a note to an earlier note", "As a surveyor, I want to link a note to an earlier note so that a follow-up inspection links back to the original record.", ["Search for a note and link it", "Backlinks shown on the linked note"], ["iOS", "Android", "Backend"]),
    ("Split the note editor toolbar for small phones", "As a user on a 5-inch screen, I want the editor toolbar buttons to fit on the screen so that I can tap bold, list and photo without scrolling.", ["Overflow menu below 360 dp width", "Most used tools stay visible"], ["Android", "Design"]),
    ("Trial countdown banner", "As a member of a team on trial, I want a banner that counts down the trial so that its end does not surprise me.", ["Banner shows the remaining trial time", "Upgrade link for admins only"], ["iOS", "Android", "Design"]),
    ("Custom fields in the CSV export", "As an analyst, I want template fields as separate CSV columns so that I do not split text by hand.", ["Column per field, named after the field", "Checklist fields exported as 'done/total'"], ["Backend"]),
    ("Move photos between notes", "As a user, I want to move a photo to another note so that I can fix a capture mistake.", ["Long-press photo, 'Move to...'", "Works for synced and unsynced photos"], ["iOS", "Android"]),
    ("Per-project default template", "As a team admin, I want a default template per project so that new notes start with the right form.", ["Setting on the project", "Can still pick another template"], ["Backend", "iOS", "Android"]),
    ("Notification settings page", "As a user, I want to choose which notifications I get so that I am not disturbed in the field.", ["Toggle per notification type", "Quiet hours"], ["iOS", "Android", "Backend"]),
]
# fmt: on
# Bugs: (title, what happens, labels)
# fmt: off
T_BUGS = [
    ("Photos rotate 90° after sync on some Samsung phones", "Steps: take a portrait photo on a Galaxy A52, sync, open on web.\nExpected: portrait.\nActual: rotated 90° clockwise. EXIF orientation seems ignored on upload.", ["Android", "Backend"]),
    ("App crashes when opening a note with 20+ photos", "Crash on iOS 19.1 when opening a note with 24 photos. Crash log attached by support (memory warning before the crash). Fix: load the photo thumbnails lazily.", ["iOS"]),
    ("Sync stuck at 'Waiting' after changing Wi-Fi network", "Steps: start a sync, switch to another Wi-Fi network.\nExpected: the sync resumes.\nActual: the queue stays in 'Waiting' until the app is restarted.", ["Android", "iOS"]),
    ("Voice note duration shows 00:00 in the list", "The list shows 00:00 for voice notes recorded offline; the detail screen is correct.", ["iOS"]),
    ("Template field order changes after editing", "Reordering fields in a template and saving shows the old order on other devices.", ["Backend"]),
    ("PDF export cuts long text fields", "Text longer than one page is cut at the page break in the exported PDF.", ["Backend"]),
    ("Invitation link opens the store even when the app is installed", "Android 15: tapping the invitation link always opens the Play Store page.", ["Android"]),
    ("Search ignores accents", "Searching 'prele' does not find notes containing 'prêle'. Users in France reported it twice. Fix: fold accents in the search index and add a test.", ["iOS", "Android"]),
    ("Duplicate notes after sync conflict", "Editing the same note on two devices offline creates two identical notes after sync instead of a conflict. Fix the merge step in the sync service and add a test.", ["Backend"]),
    ("GPS accuracy shown as 0 m", "On Pixel phones with location accuracy off, notes show accuracy '0 m' which is misleading.", ["Android"]),
    ("Dark mode: checklist ticks are invisible", "In dark mode the tick of a completed checklist item is black on dark grey.", ["iOS", "Design"]),
    ("CSV export uses semicolons in some locales", "German users get semicolon-separated files while the header says comma. Excel opens it wrongly.", ["Backend"]),
    ("Push notification opens the wrong team", "Users in two teams land in their personal space when tapping a comment notification.", ["iOS", "Backend"]),
    ("Keyboard hides the save button on small Android phones", "On 5-inch screens the keyboard covers the save button in the form editor.", ["Android"]),
    ("Date picker shows US format for UK users", "The date picker in forms shows MM/DD for users with en-GB locale.", ["iOS"]),
    ("Photo upload retries forever on a 413 error", "Very large photos (over 25 MB, from external cameras) are rejected by the server and the app retries forever, draining battery.", ["Backend", "Android"]),
    ("Widget shows a blank tile after device restart", "The quick capture widget is empty after a reboot until the app is opened once.", ["Android"]),
    ("Removed member still receives the weekly e-mail", "The summary e-mail job reads a cached team list: a person removed from the team keeps getting the e-mail. Fix the query and add a test.", ["Backend"]),
    ("Signature appears stretched in the PDF", "Signatures drawn in portrait are stretched horizontally in the export.", ["Backend"]),
    ("App freezes when scrolling a project with 2,000 notes", "Scrolling stutters and freezes for several seconds on mid-range Android phones.", ["Android"]),
    ("Offline map download never finishes at 99%", "Downloading a large area stays at 99% on iOS; the last tile package fails silently.", ["iOS", "Backend"]),
    ("Timezone wrong on notes created abroad", "Notes created in another timezone show the home timezone time on the web.", ["Backend"]),
    ("Swipe to delete triggers while scrolling sideways in photos", "Scrolling a photo strip inside a list cell can delete the note.", ["iOS"]),
    ("Team template disappears after app update", "After updating to 3.4.0 some users no longer see their team's templates until they log out.", ["iOS", "Android", "Backend"]),
    ("Species list import fails on files with a BOM", "CSV files saved from Excel with a byte order mark are rejected with 'invalid header'.", ["Backend"]),
    ("Comment count badge does not update", "The comment count on the note card stays at the old value until the app restarts.", ["iOS", "Android"]),
    ("Login loop when SSO session expires", "SSO users whose session expired are sent back to the login page in a loop.", ["Backend"]),
    ("Bin cleanup job fails on notes with photos", "Notes deleted in July are still in the bin in September: the cleanup job stops with an error on any note that has photos. Fix the job and add a test.", ["Backend"]),
    ("Compass bearing off by 180° in landscape", "Photos taken in landscape on Android store the opposite bearing. Fix the orientation check in the camera code.", ["Android"]),
    ("Typo in the upgrade screen", "The upgrade screen says 'recieve'.", ["Design", "Quick win"]),
    ("Share link page broken on small screens", "The read-only viewer page overflows horizontally on phones below 375 px width.", ["Backend", "Design"]),
    ("Draft restored twice after a crash", "After a crash the text is restored into the note and also saved as a separate copy. Fix: restore it once, then delete the recovery file.", ["iOS"]),
]
# fmt: on
# Technical tasks: (title, description, labels)
# fmt: off
T_TECH = [
    ("Upgrade the Android target SDK", "Play Store requires the new target SDK by the end of August. Check background location and notification permission changes.", ["Android", "Tech debt"]),
    ("Move image processing off the main thread on iOS", "Thumbnails are generated on the main thread; move to a background queue.", ["iOS", "Tech debt"]),
    ("Add crash reporting breadcrumbs around sync", "We cannot tell what the sync engine was doing before a crash. Add breadcrumbs for queue state changes.", ["iOS", "Android"]),
    ("Split the sync service into upload and download workers", "The single worker makes uploads wait for large downloads.", ["Backend", "Tech debt"]),
    ("Add a database index on notes (project, date)", "The project list query takes over 2 s for big projects; add the composite index and check the query plan.", ["Backend"]),
    ("Automate screenshots for the app stores", "Generate store screenshots in CI for the 6 languages.", ["iOS", "Android"]),
    ("Remove the deprecated v1 sync endpoint", "No client older than 3.0 is active any more. Remove the endpoint and its tests.", ["Backend", "Tech debt"]),
    ("End-to-end test for the offline capture flow", "Automate: airplane mode, create note with photo, back online, check it on the web.", ["iOS", "Android"]),
    ("Rate limiting on the public share link API", "Protect the share viewer from scraping: 60 requests per minute per IP.", ["Backend"]),
    ("Migrate photo storage to the new bucket layout", "Group photos by team to make deletion and export cheaper.", ["Backend", "Tech debt"]),
    ("Reduce app start time on Android below 1.5 s", "Cold start is 2.4 s on a mid-range phone. Profile and fix the top three causes.", ["Android"]),
    ("Update the PDF rendering library", "The current version has a known memory leak with large images.", ["Backend", "Tech debt"]),
    ("Feature flags for the team plan", "Introduce a flag service so the team plan features can be rolled out gradually.", ["Backend"]),
    ("Accessibility audit fixes from the external review", "Fix the 14 issues from the accessibility review (labels, contrast, focus order).", ["iOS", "Android", "Design"]),
    ("Nightly backup restore test", "Restore last night's backup into staging every week and compare counts.", ["Backend"]),
    ("Alerting on sync queue length", "Page the on-call engineer when the sync queue is over 10,000 jobs for 10 minutes.", ["Backend"]),
    ("Clean up unused analytics events", "Remove 30 events nobody queries any more; document the remaining ones.", ["iOS", "Android", "Tech debt"]),
    ("Design tokens shared between iOS and Android", "Export colours and spacing from the design file into both code bases.", ["Design", "iOS", "Android"]),
    ("Load test the CSV export for 50,000 notes", "Make sure large exports finish under 5 minutes and do not block other jobs.", ["Backend"]),
    ("Update the privacy policy screens", "Legal updated the policy text; replace the in-app screens.", ["iOS", "Android"]),
    ("Upgrade the iOS minimum version to 17", "Less than 1% of active users are below 17; dropping it removes two workarounds.", ["iOS", "Tech debt"]),
    ("Staging environment with production-like data", "Anonymised copy of production for testing sync at scale.", ["Backend"]),
]
# fmt: on

# Comments (written for this sample).
C_DEV = [
    "Started on this, first PR should be up tomorrow.",
    "@tomasherrera3 the criteria don't say what happens offline, can you check?",
    "PR is up, needs one review.",
    "Tested on a Pixel 8 and an iPhone 13, works offline and after sync.",
    "Blocked until the API change is deployed to staging.",
    "This is bigger than it looked, the sync layer needs a change too. Can we split it?",
    "Merged. Will be in the next beta build.",
    "Found an edge case with notes created before 3.0, handled now.",
    "Question: should this also work for archived projects?",
    "Added tests for the conflict case.",
    "Reproduced on staging, fix is small.",
    "Moved the heavy work to a background job, the screen no longer freezes.",
    "Design looks good, one question about the empty state.",
]
C_PO = [
    "Acceptance criteria updated after refinement, ready for the sprint.",
    "Checked in the beta build, all criteria met. Thanks!",
    "Please keep the scope to what is in the criteria, the rest goes in a follow-up card.",
    "Moved to the next sprint, we took on too much.",
    "Support has three tickets about this, raising priority.",
    "Split into two cards: this one covers iOS only.",
    "Agreed with Léa to do the API part first.",
    "Can you add a screenshot of the final state?",
    "Accepted in review.",
]
C_DESIGN = [
    "Mockups are in the design file, page 'Sprint'.",
    "Updated the spacing, please use the new tokens.",
    "Added the empty state and the error state.",
    "I'd keep the icon the same as on the list for consistency.",
]
C_PM_STRATEGIC = [
    "Interview notes are in the research folder, synthesis by Friday.",
    "Shared the draft with leadership, feedback due next week.",
    "Numbers so far support the hypothesis, but the sample is small.",
    "Moving this to the roadmap, it connects to the team spaces theme.",
    "Parking this until we have the pricing test results.",
    "Linked the dashboard with the cohort numbers.",
    "Discussed with sales: this matches what they hear in demos.",
    "Success metric agreed: share of teams with a shared note in week one.",
    "Updated after the customer advisory board session.",
]
C_PM_GROOMING = [
    "I re-ordered the backlog, this one goes first.",
    "Can we squeeze this into the current sprint?",
    "Wrote the story, Tomás please check the details.",
    "Added this from the support queue, customers keep asking.",
    "Checked the build, looks fine to me.",
    "Bumped this up, sales promised it to a customer.",
    "Can someone estimate this today?",
    "Moved to ready, the open questions are answered.",
]
C_OTHERS_ON_STRATEGY = [
    "Happy to help with the interviews, I can take two.",
    "From support: this comes up at least once a week.",
    "Technically feasible, the sync engine would need a new entity type.",
    "I can prototype this in a day if that helps the decision.",
    "Added a few questions to the guide.",
]


# ================================================================================================
# Shared helpers
# ================================================================================================


def _round_ms(t: datetime) -> datetime:
    return t.replace(microsecond=(t.microsecond // 1000) * 1000)


def next_workday(t: datetime, rng: random.Random, lo: int = 8, hi: int = 17) -> datetime:
    """``t`` if it falls on a weekday between ``lo`` and ``hi`` o'clock, else the next such morning."""
    if t.weekday() < 5 and lo <= t.hour < hi:
        return t
    day = t.date() + timedelta(days=0 if t.hour < lo else 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, lo, tzinfo=UTC) + timedelta(
        minutes=rng.randint(0, 150), seconds=rng.randint(0, 59), milliseconds=rng.randint(0, 999)
    )


def later(t: datetime, rng: random.Random, lo_hours: float, hi_hours: float) -> datetime:
    """A working-hours moment between ``lo_hours`` and ``hi_hours`` after ``t`` (always after it)."""
    step = timedelta(hours=rng.uniform(lo_hours, hi_hours), milliseconds=rng.randint(1, 999))
    return _round_ms(next_workday(t + step, rng))


def on_day(day: datetime, rng: random.Random, lo: int = 9, hi: int = 17) -> datetime:
    """A random working-hours moment on ``day`` (moved to Monday if it is a weekend)."""
    d = day.date()
    while d.weekday() >= 5:
        d += timedelta(days=1)
    start = datetime(d.year, d.month, d.day, lo, tzinfo=UTC)
    return _round_ms(
        start
        + timedelta(seconds=rng.randint(0, (hi - lo) * 3600 - 1), milliseconds=rng.randint(0, 999))
    )


def _during(t: datetime, before: datetime, rng: random.Random) -> datetime:
    """``t`` moved into working hours, but kept before ``before`` (when the next step happens)."""
    moved = next_workday(t, rng)
    if moved >= before:
        moved = before - timedelta(minutes=rng.randint(3, 40), milliseconds=rng.randint(0, 999))
    return _round_ms(moved)


def pick(rng: random.Random, weighted: dict[str, float]) -> str:
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")


# ================================================================================================
# Trello generation
# ================================================================================================


def trello_time(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class TrelloIds:
    """Trello-shaped ids: 24 hex digits whose first 8 are the creation time (as Trello's are)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def at(self, when: datetime) -> str:
        while True:
            value = f"{int(when.timestamp()):08x}" + "".join(
                self.rng.choice("0123456789abcdef") for _ in range(16)
            )
            if value not in self.seen:
                self.seen.add(value)
                return value

    def short_link(self) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        while True:
            value = "".join(self.rng.choice(alphabet) for _ in range(8))
            if value not in self.seen:
                self.seen.add(value)
                return value


@dataclass
class TCard:
    kind: str  # strategic | story | bug | tech
    name: str
    desc: str  # final description
    labels: list[str]
    checklist_name: str | None = None
    checklist_items: list[str] = field(default_factory=list)
    final_list: str = "Backlog"  # strategic: where it ends up (or "archived")
    id: str = ""
    short_link: str = ""
    id_short: int = 0
    created: datetime | None = None
    creator: str = ""
    column: str = ""
    pos: float = 0.0
    cur_desc: str = ""
    members: list[str] = field(default_factory=list)
    closed: bool = False
    checked: list[bool] = field(default_factory=list)
    checklist_id: str = ""
    check_ids: list[str] = field(default_factory=list)
    comments: int = 0
    due: datetime | None = None
    accepted: datetime | None = None
    last: datetime | None = None
    # sprint-bound tactical cards
    sprint: int | None = None
    park: str = "Backlog"  # where a card that never reaches a sprint ends up


class TrelloBoardBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids = TrelloIds(rng)
        board_created = T_START - timedelta(days=3, hours=5)
        self.board_id = self.ids.at(board_created)
        self.board_short = self.ids.short_link()
        self.board_name = "Fieldnote — mobile app"
        self.people = {}
        for key, full, user, initials in T_PEOPLE:
            joined = board_created - timedelta(days=rng.randint(200, 900))
            self.people[key] = {
                "id": self.ids.at(joined),
                "fullName": full,
                "username": user,
                "initials": initials,
                "avatarHash": hashlib.md5(user.encode(), usedforsecurity=False).hexdigest(),
            }
        self.lists = {}
        for i, name in enumerate(T_LISTS):
            self.lists[name] = {
                "id": self.ids.at(board_created + timedelta(minutes=i)),
                "pos": 16384 * (i + 1),
            }
        self.labels = {}
        for i, (name, color) in enumerate(T_LABELS):
            self.labels[name] = {
                "id": self.ids.at(board_created + timedelta(minutes=20 + i)),
                "color": color,
            }
        self.list_pos: dict[str, list[float]] = {name: [] for name in T_LISTS}
        self.actions: list[dict] = []
        self.cards: list[TCard] = []
        self.next_short = 1

    # --- action builders ------------------------------------------------------------------------
    def _board_ref(self) -> dict:
        return {"id": self.board_id, "name": self.board_name, "shortLink": self.board_short}

    def _list_ref(self, name: str) -> dict:
        return {"id": self.lists[name]["id"], "name": name}

    def _card_ref(self, card: TCard, **extra) -> dict:
        ref = dict(extra)
        ref.update(
            {
                "id": card.id,
                "name": card.name,
                "idShort": card.id_short,
                "shortLink": card.short_link,
            }
        )
        return ref

    def _member_obj(self, key: str) -> dict:
        p = self.people[key]
        return {
            "id": p["id"],
            "activityBlocked": False,
            "avatarHash": p["avatarHash"],
            "avatarUrl": f"https://trello-members.s3.amazonaws.com/{p['id']}/{p['avatarHash']}",
            "fullName": p["fullName"],
            "idMemberReferrer": None,
            "initials": p["initials"],
            "nonPublic": {},
            "nonPublicAvailable": True,
            "username": p["username"],
        }

    def _action(self, kind: str, who: str, when: datetime, card: TCard, data: dict, **top) -> None:
        when = _round_ms(when)
        if when > T_END:
            raise AssertionError(f"action after the export time: {kind} {card.name}")
        data.setdefault("board", self._board_ref())
        action = {
            "id": self.ids.at(when),
            "idMemberCreator": self.people[who]["id"],
            "data": data,
            "appCreator": None,
            "type": kind,
            "date": trello_time(when),
            "limits": {},
        }
        action.update(top)
        action["memberCreator"] = self._member_obj(who)
        self.actions.append(action)
        card.last = max(card.last or when, when)

    def _bottom_pos(self, list_name: str) -> float:
        positions = self.list_pos[list_name]
        pos = (max(positions) if positions else 0) + 16384
        positions.append(pos)
        return pos

    def create(self, card: TCard, who: str, when: datetime, list_name: str) -> None:
        card.id = self.ids.at(when)
        card.short_link = self.ids.short_link()
        card.id_short = self.next_short
        self.next_short += 1
        card.created, card.creator, card.column = when, who, list_name
        card.pos = self._bottom_pos(list_name)
        self.cards.append(card)
        self._action(
            "createCard",
            who,
            when,
            card,
            {"card": self._card_ref(card), "list": self._list_ref(list_name)},
        )

    def move(self, card: TCard, who: str, when: datetime, to: str) -> None:
        before = card.column
        card.column = to
        card.pos = self._bottom_pos(to)
        self._action(
            "updateCard",
            who,
            when,
            card,
            {
                "card": self._card_ref(card, idList=self.lists[to]["id"]),
                "old": {"idList": self.lists[before]["id"]},
                "listBefore": self._list_ref(before),
                "listAfter": self._list_ref(to),
            },
        )
        if T_LISTS.index(to) >= T_LISTS.index("Done") and card.kind != "strategic":
            card.accepted = when

    def to_top(self, card: TCard, who: str, when: datetime) -> None:
        others = [
            c.pos for c in self.cards if c.column == card.column and c is not card and not c.closed
        ]
        old = card.pos
        new = round(min(others) / 2, 4) if others else 16384.0
        if new < 100:  # Trello re-spaces positions that get too close
            new = round(self.rng.uniform(300, 900), 4)
        self.list_pos[card.column].append(new)
        card.pos = new
        self._action(
            "updateCard",
            who,
            when,
            card,
            {
                "card": self._card_ref(card, pos=new),
                "old": {"pos": old},
                "list": self._list_ref(card.column),
            },
        )

    def set_desc(self, card: TCard, who: str, when: datetime, text: str) -> None:
        old = card.cur_desc
        card.cur_desc = text
        self._action(
            "updateCard",
            who,
            when,
            card,
            {
                "card": self._card_ref(card, desc=text),
                "old": {"desc": old},
                "list": self._list_ref(card.column),
            },
        )

    def archive(self, card: TCard, who: str, when: datetime) -> None:
        card.closed = True
        self._action(
            "updateCard",
            who,
            when,
            card,
            {
                "card": self._card_ref(card, closed=True),
                "old": {"closed": False},
                "list": self._list_ref(card.column),
            },
        )

    def comment(self, card: TCard, who: str, when: datetime, text: str) -> None:
        card.comments += 1
        self._action(
            "commentCard",
            who,
            when,
            card,
            {
                "text": text,
                "textData": {"emoji": {}},
                "card": self._card_ref(card),
                "list": self._list_ref(card.column),
            },
        )

    def add_member(self, card: TCard, who: str, when: datetime, member: str) -> None:
        if member in card.members:
            return
        card.members.append(member)
        p = self.people[member]
        self._action(
            "addMemberToCard",
            who,
            when,
            card,
            {
                "idMember": p["id"],
                "card": self._card_ref(card),
                "member": {"id": p["id"], "name": p["fullName"]},
            },
            member=self._member_obj(member),
        )

    def remove_member(self, card: TCard, who: str, when: datetime, member: str) -> None:
        if member not in card.members:
            return
        card.members.remove(member)
        p = self.people[member]
        self._action(
            "removeMemberFromCard",
            who,
            when,
            card,
            {
                "idMember": p["id"],
                "deactivated": False,
                "card": self._card_ref(card),
                "member": {"id": p["id"], "name": p["fullName"]},
            },
            member=self._member_obj(member),
        )

    def add_checklist(self, card: TCard, who: str, when: datetime) -> None:
        card.checklist_id = self.ids.at(when)
        card.check_ids = [
            self.ids.at(when + timedelta(seconds=i + 1)) for i in range(len(card.checklist_items))
        ]
        card.checked = [False] * len(card.checklist_items)
        self._action(
            "addChecklistToCard",
            who,
            when,
            card,
            {
                "card": self._card_ref(card),
                "checklist": {"id": card.checklist_id, "name": card.checklist_name},
            },
        )

    def tick(self, card: TCard, who: str, when: datetime, index: int) -> None:
        card.checked[index] = True
        self._action(
            "updateCheckItemStateOnCard",
            who,
            when,
            card,
            {
                "card": self._card_ref(card),
                "checklist": {"id": card.checklist_id, "name": card.checklist_name},
                "checkItem": {
                    "id": card.check_ids[index],
                    "name": card.checklist_items[index],
                    "state": "complete",
                    "textData": {"emoji": {}},
                },
            },
        )

    # --- who does what --------------------------------------------------------------------------
    def groomer(self, when: datetime) -> str:
        """Who refines and orders the backlog at ``when``: Tomás, then more and more Maya."""
        if when < DRIFT_START:
            return "maya" if self.rng.random() < 0.03 else "tomas"
        if when < DRIFT_FULL:
            return "maya" if self.rng.random() < 0.4 else "tomas"
        return "maya" if self.rng.random() < 0.72 else "tomas"

    def acceptor(self, when: datetime) -> str:
        return "maya" if when >= DRIFT_FULL and self.rng.random() < 0.35 else "tomas"

    def dev_for(self, labels: list[str]) -> str:
        options = [
            d
            for lab, d in (("iOS", "priya"), ("Android", "jonas"), ("Backend", "lea"))
            if lab in labels
        ]
        return self.rng.choice(options or T_DEVS)


def _story_card(
    rng: random.Random, title: str, sentence: str, criteria: list[str], labels: list[str]
) -> TCard:
    style = rng.random()
    if style < 0.45:
        heading = rng.choice(["**Acceptance criteria**", "Acceptance criteria:", "AC:"])
        desc = sentence + "\n\n" + heading + "\n" + "\n".join(f"- {c}" for c in criteria)
        return TCard("story", title, desc, labels)
    if style < 0.75:
        return TCard("story", title, sentence, labels, "Acceptance criteria", list(criteria))
    return TCard("story", title, sentence if style < 0.93 else "", labels)


def build_trello(rng: random.Random) -> dict:
    """The whole board as Trello exports it (a dict ready for ``json.dumps``)."""
    b = TrelloBoardBuilder(rng)
    _trello_strategic(b, rng)
    _trello_tactical(b, rng)
    _trello_housekeeping(b, rng)
    _renumber_by_creation(b)
    return _trello_json(b, list(b.people))


def _trello_strategic(b: TrelloBoardBuilder, rng: random.Random) -> None:
    """Maya's research, vision and roadmap cards: busy until August, nothing after mid-September."""
    strategic = [
        TCard("strategic", t, d, lab, "Checklist" if cl else None, cl or [], final)
        for t, d, lab, cl, final in T_STRATEGIC
    ]
    span = (datetime(2026, 8, 7, tzinfo=UTC) - T_START).total_seconds()
    for i, card in enumerate(strategic):
        created = on_day(
            T_START + timedelta(seconds=span * (i + rng.random() * 0.8) / len(strategic)), rng
        )
        creator = pick(rng, {"maya": 0.86, "aiko": 0.06, "tomas": 0.04, "lea": 0.04})
        final = card.final_list
        if final == "Roadmap":
            path = rng.choice(
                [
                    ["Ideas", "Discovery", "Roadmap"],
                    ["Ideas", "Discovery", "Roadmap"],
                    ["Discovery", "Roadmap"],
                    ["Roadmap"],
                ]
            )
        elif final == "Discovery":
            path = rng.choice([["Ideas", "Discovery"], ["Ideas", "Discovery"], ["Discovery"]])
        elif final == "archived":
            path = rng.choice([["Ideas", "Discovery"], ["Discovery"]])
        else:
            path = ["Ideas"]
        steps: list[tuple[str, object]] = (
            [("desc", None)] if card.desc and rng.random() < 0.75 else []
        )
        if card.checklist_name:
            steps.append(("checklist", None))
        if rng.random() < 0.65:
            steps.append(("member", "maya"))
        for _ in range(rng.randint(1, 3)):
            steps.append(("comment", None))
        for nxt in path[1:]:
            steps.append(("move", nxt))
            if rng.random() < 0.5:
                steps.append(("comment", None))
        n_ticks = (
            len(card.checklist_items) if final == "Roadmap" else len(card.checklist_items) // 2
        )
        ticks = [("tick", j) for j in range(n_ticks)]
        at = max(
            len(steps) // 2, 1 + next((k for k, s in enumerate(steps) if s[0] == "checklist"), -1)
        )
        steps[at:at] = ticks
        if path[-1] == "Roadmap" and rng.random() < 0.6:
            steps.append(("top", None))
        if final == "archived":
            steps.append(("archive", None))
        # Spread the steps over a few weeks, all before the end of August.
        deadline = datetime(2026, 8, 28, 16, tzinfo=UTC)
        gaps = [rng.uniform(3, 110) for _ in steps]
        room = (deadline - created).total_seconds() / 3600
        scale = min(1.0, room / max(1.0, sum(gaps) + 24))
        if rng.random() < 0.3 and card.checklist_items == [] and final in ("Roadmap", "Discovery"):
            card.due = datetime(
                2026, rng.choice([6, 7, 8, 9]), rng.choice([15, 30]), 10, tzinfo=UTC
            )
        b.create(card, creator, created, path[0])
        when = created
        if not any(s[0] == "desc" for s in steps):
            card.cur_desc = card.desc  # typed in the create dialog: no separate action
        for (step, arg), gap in zip(steps, gaps, strict=True):
            when = later(when, rng, gap * scale * 0.5, gap * scale)
            who = "maya"
            if step == "desc":
                b.set_desc(
                    card,
                    "maya" if creator == "maya" or rng.random() < 0.7 else creator,
                    when,
                    card.desc,
                )
            elif step == "checklist":
                b.add_checklist(card, "maya", when)
            elif step == "member":
                b.add_member(card, "maya", when, "maya")
                if "Research" in card.labels and rng.random() < 0.5:
                    b.add_member(card, "maya", later(when, rng, 0.01, 0.05), "aiko")
            elif step == "comment":
                if rng.random() < 0.62:
                    b.comment(card, "maya", when, rng.choice(C_PM_STRATEGIC))
                else:
                    who = pick(rng, {"aiko": 3, "tomas": 2, "lea": 1, "priya": 1, "jonas": 1})
                    b.comment(card, who, when, rng.choice(C_OTHERS_ON_STRATEGY))
            elif step == "move":
                b.move(card, "maya", when, arg)
            elif step == "tick":
                b.tick(
                    card,
                    rng.choice(card.members) if card.members and rng.random() < 0.3 else "maya",
                    when,
                    arg,
                )
            elif step == "top":
                b.to_top(card, "maya", when)
            elif step == "archive":
                b.archive(card, "maya", when)

    # The last strategic touches, in the first half of September; then Maya is busy grooming the
    # backlog and nobody touches a research, vision or roadmap card again: the roadmap goes stale.
    roadmap = [c for c in strategic if c.column == "Roadmap"]
    late_touches = [
        (datetime(2026, 8, 31, tzinfo=UTC), "comment"),
        (datetime(2026, 9, 3, tzinfo=UTC), "comment"),
        (datetime(2026, 9, 8, tzinfo=UTC), "top"),
        (datetime(2026, 9, 11, tzinfo=UTC), "comment"),
    ]
    for day, what in late_touches:
        card = rng.choice(roadmap)
        when = on_day(day, rng)
        if what == "comment":
            b.comment(card, "maya", when, rng.choice(C_PM_STRATEGIC))
        else:
            b.to_top(card, "maya", when)
    late_days = [
        datetime(2026, 9, 4, tzinfo=UTC),
        datetime(2026, 8, 27, tzinfo=UTC),
        datetime(2026, 8, 20, tzinfo=UTC),
    ]
    for (t, d, lab, _checklist, final), day in zip(T_STRATEGIC_LATE, late_days, strict=True):
        card = TCard("strategic", t, d, lab, None, [], final)
        when = on_day(day, rng)
        b.create(card, "maya", when, "Ideas")
        b.set_desc(card, "maya", later(when, rng, 0.05, 0.5), d)
    b.comment(
        next(c for c in b.cards if c.name.startswith("Q1 2027")),
        "aiko",
        on_day(datetime(2026, 9, 9, tzinfo=UTC), rng),
        "Happy to help with the interviews, I can take two.",
    )


def _trello_tactical(b: TrelloBoardBuilder, rng: random.Random) -> None:
    """Stories, bugs and technical tasks: groomed, planned into two-week sprints, built, accepted."""
    tactical = [_story_card(rng, *s) for s in T_STORIES]
    tactical += [TCard("bug", t, d, ["Bug", *lab]) for t, d, lab in T_BUGS]
    for t, d, lab in T_TECH:
        card = TCard("tech", t, d, lab)
        if rng.random() < 0.5:
            card.checklist_name = "Tasks"
            card.checklist_items = ["Implementation", "Tests", "Release notes"]
        tactical.append(card)
    rng.shuffle(tactical)
    n_sprints = 15  # two-week sprints from 4 May; the last one (16 Nov) is running at export time
    sprint_start = [
        on_day(T_START + timedelta(days=7 + 14 * k), rng, 9, 10) for k in range(n_sprints)
    ]
    per_sprint = 6
    bound = tactical[: n_sprints * per_sprint]
    rest = tactical[n_sprints * per_sprint :]
    for i, card in enumerate(bound):
        card.sprint = i // per_sprint
    for i, card in enumerate(rest):
        card.park = "Ready for dev" if i % 2 == 0 else "Backlog"

    def creator_for(card: TCard, when: datetime) -> str:
        late = when >= DRIFT_FULL
        mid = DRIFT_START <= when < DRIFT_FULL
        if card.kind == "story":
            if late:
                return pick(rng, {"maya": 0.66, "tomas": 0.34})
            if mid:
                return pick(rng, {"maya": 0.4, "tomas": 0.6})
            return pick(rng, {"tomas": 0.9, "aiko": 0.05, "maya": 0.05})
        if card.kind == "bug":
            if late:
                return pick(
                    rng, {"maya": 0.45, "tomas": 0.15, "priya": 0.15, "jonas": 0.15, "lea": 0.1}
                )
            return pick(
                rng,
                {"tomas": 0.3, "priya": 0.2, "jonas": 0.2, "lea": 0.15, "aiko": 0.1, "maya": 0.05},
            )
        return b.dev_for(card.labels)

    scripts = []
    for card in bound:
        s = sprint_start[card.sprint]
        if card.sprint == 0:
            created = on_day(T_START + timedelta(days=rng.randint(0, 3)), rng, 8, 16)
        else:
            lead = rng.uniform(2, 12) if card.kind == "bug" else rng.uniform(4, 32)
            created = on_day(s - timedelta(days=lead), rng)
            if created < T_START:
                created = on_day(T_START + timedelta(days=rng.randint(0, 4)), rng)
            created = min(created, s - timedelta(hours=20))
            created = _round_ms(next_workday(created, rng))
        scripts.append((created, card))
    for card in rest:
        frac = rng.random() ** 0.6  # the untouched backlog grows at the end
        created = on_day(T_START + (T_END - T_START - timedelta(days=3)) * frac, rng)
        scripts.append((created, card))
    scripts.sort(key=lambda x: x[0])

    for created, card in scripts:
        creator = creator_for(card, created)
        b.create(card, creator, created, "Backlog")
        when = created
        needs_desc_action = card.desc and (card.kind == "story" or rng.random() < 0.5)
        if not needs_desc_action:
            card.cur_desc = card.desc
        s = sprint_start[card.sprint] if card.sprint is not None else None
        horizon = (s - timedelta(hours=2)) if s else T_END
        if needs_desc_action:
            t = later(when, rng, 0.2, 60)
            if t < horizon:
                who = creator if card.kind != "story" else b.groomer(t)
                if card.kind == "story" and rng.random() < 0.3 and "\n" in card.desc:
                    card.cur_desc = card.desc.split("\n\n")[0]  # the story first, criteria later
                b.set_desc(card, who, t, card.desc)
                when = t
            else:
                card.cur_desc = card.desc
        if card.checklist_name:
            t = later(when, rng, 0.1, 30)
            if t < horizon:
                b.add_checklist(card, b.groomer(t) if card.kind == "story" else creator, t)
                when = t
            else:
                card.checklist_name, card.checklist_items = None, []
        if card.kind == "bug" and rng.random() < 0.35 and when < horizon:
            t = later(when, rng, 0.5, 30)
            if t < horizon:
                b.comment(card, rng.choice(["priya", "jonas", "lea"]), t, rng.choice(C_DEV))
                when = t
        if s is None:
            # Never planned (yet): maybe groomed and ordered, maybe left alone.
            if card.park == "Ready for dev":
                t = later(when, rng, 4, 200)
                if t < T_END - timedelta(hours=1):
                    if rng.random() < 0.6:
                        b.to_top(card, b.groomer(t), t)
                    t2 = later(t, rng, 1, 100)
                    if t2 < T_END:
                        b.move(card, b.groomer(t2), t2, "Ready for dev")
            elif rng.random() < 0.3:
                t = later(when, rng, 4, 300)
                if t < T_END:
                    b.comment(
                        card,
                        b.groomer(t),
                        t,
                        rng.choice(C_PM_GROOMING if t >= DRIFT_START else C_PO),
                    )
            continue
        # Design cards get mockups before they are ready.
        if "Design" in card.labels and rng.random() < 0.8 and when < s - timedelta(days=1):
            t = _during(when + (s - when) * rng.uniform(0.2, 0.6), s - timedelta(hours=6), rng)
            if t > when:
                b.comment(card, "aiko", t, rng.choice(C_DESIGN))
                if rng.random() < 0.5:
                    b.add_member(card, "aiko", t + timedelta(seconds=rng.randint(5, 60)), "aiko")
                when = max(when, t + timedelta(minutes=1))
        # Groom: order, then ready for the sprint.
        if rng.random() < 0.55:
            t = max(when + timedelta(minutes=5), s - timedelta(days=rng.uniform(1.5, 9)))
            t = _round_ms(next_workday(t, rng))
            if when < t < s - timedelta(hours=1):
                b.to_top(card, b.groomer(t), t)
                when = t
        t = max(when + timedelta(minutes=10), s - timedelta(days=rng.uniform(0.3, 4)))
        t = _round_ms(next_workday(t, rng))
        if t >= s:
            t = when + timedelta(minutes=rng.randint(5, 50))
        b.move(card, b.groomer(t), t, "Ready for dev")
        # Sprint planning.
        planner = "maya" if s >= DRIFT_FULL and rng.random() < 0.25 else "tomas"
        t = max(s, t + timedelta(minutes=2)) + timedelta(minutes=rng.randint(0, 90))
        b.move(card, planner, t, "Sprint")
        # The work.
        dev = b.dev_for(card.labels)
        start = later(t, rng, 0.5, 24 * rng.choice([1, 2, 4, 6]))
        if start >= T_END:
            continue
        b.add_member(card, dev, start, dev)
        b.move(card, dev, start + timedelta(seconds=rng.randint(5, 120)), "Doing")
        when = start + timedelta(seconds=150)
        done_at = later(when, rng, 8, 24 * rng.uniform(1, 6))
        n_items = len(card.checklist_items)
        for j in range(n_items):
            t = _during(when + (done_at - when) * (j + 1) / (n_items + 1), done_at, rng)
            if t >= T_END:
                break
            if rng.random() < 0.8:
                b.tick(card, dev, _round_ms(t), j)
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            t = _during(when + (done_at - when) * rng.random(), done_at, rng)
            if t >= T_END:
                continue
            if t >= DRIFT_FULL and rng.random() < 0.35:
                b.comment(card, "maya", t, rng.choice(C_PM_GROOMING))
            else:
                who = pick(
                    rng,
                    {
                        dev: 4,
                        "tomas": 2,
                        "aiko": 1 if "Design" in card.labels else 0.2,
                        "maya": 0.2,
                    },
                )
                pool = {"tomas": C_PO, "aiko": C_DESIGN, "maya": C_PM_GROOMING}.get(who, C_DEV)
                b.comment(card, who, t, rng.choice(pool))
        if "Design" in card.labels and rng.random() < 0.6 and done_at < T_END:
            b.add_member(card, "aiko", _round_ms(when + (done_at - when) / 3), "aiko")
        if done_at >= T_END:
            continue
        if rng.random() < 0.1:  # hand-over to another developer before review
            other = rng.choice([d for d in T_DEVS if d != dev])
            t = _round_ms(when + (done_at - when) * 0.6)
            b.comment(
                card,
                dev,
                t,
                f"Handing this over to {b.people[other]['fullName'].split()[0]}, I am off next week.",
            )
            b.remove_member(card, dev, t + timedelta(seconds=20), dev)
            b.add_member(card, other, t + timedelta(minutes=rng.randint(5, 90)), other)
            dev = other
        b.move(card, dev, done_at, "Review")
        accept = later(done_at, rng, 1, 50)
        if accept >= T_END:
            continue
        b.move(card, b.acceptor(accept), accept, "Done")
        if "aiko" in card.members and rng.random() < 0.5:
            b.remove_member(card, "tomas", accept + timedelta(seconds=40), "aiko")


def _trello_housekeeping(b: TrelloBoardBuilder, rng: random.Random) -> None:
    """Weekly backlog grooming from September on, more and more by Maya: re-order parked cards.

    And the monthly tidy-up of the Done list, where Tomás archives what was accepted a while ago.
    """
    day = datetime(2026, 9, 3, tzinfo=UTC)
    while day < T_END - timedelta(days=1):
        when = on_day(day, rng, 13, 15)
        parked = [
            c
            for c in b.cards
            if c.column in ("Backlog", "Ready for dev") and c.created < when - timedelta(days=1)
        ]
        for card in rng.sample(parked, min(len(parked), rng.randint(2, 4))):
            when += timedelta(seconds=rng.randint(20, 400), milliseconds=rng.randint(0, 999))
            if when < T_END:
                b.to_top(card, b.groomer(when), when)
        day += timedelta(days=7)

    # Monthly tidy-up of the Done list (Tomás archives what was accepted a while ago).
    for day in (
        datetime(2026, 6, 1, tzinfo=UTC),
        datetime(2026, 7, 1, tzinfo=UTC),
        datetime(2026, 8, 3, tzinfo=UTC),
        datetime(2026, 9, 1, tzinfo=UTC),
    ):
        when = on_day(day, rng, 16, 17)
        for card in b.cards:
            if (
                card.column == "Done"
                and not card.closed
                and card.accepted
                and card.accepted < day - timedelta(days=7)
            ):
                when += timedelta(seconds=rng.randint(2, 9), milliseconds=rng.randint(0, 999))
                b.archive(card, "tomas", when)


def _renumber_by_creation(b: TrelloBoardBuilder) -> None:
    """Trello numbers cards (idShort) in the order they were created on the board."""
    numbers = {c.id: n for n, c in enumerate(sorted(b.cards, key=lambda c: c.created), start=1)}
    for card in b.cards:
        card.id_short = numbers[card.id]
    for action in b.actions:
        ref = action["data"]["card"]
        ref["idShort"] = numbers[ref["id"]]


def _trello_json(b: TrelloBoardBuilder, people: list[str]) -> dict:
    board_created = datetime.fromtimestamp(int(b.board_id[:8], 16), tz=UTC)
    last = max(a["date"] for a in b.actions)
    label_objs = [
        {"id": v["id"], "idBoard": b.board_id, "name": name, "color": v["color"], "uses": 0}
        for name, v in b.labels.items()
    ]
    uses = {name: 0 for name in b.labels}
    for card in b.cards:
        for lab in card.labels:
            uses[lab] += 1
    for obj in label_objs:
        obj["uses"] = uses[obj["name"]]
    cards = []
    checklists = []
    for card in sorted(b.cards, key=lambda c: (T_LISTS.index(c.column), c.pos)):
        checklist_ids = []
        if card.checklist_id:
            checklist_ids.append(card.checklist_id)
            checklists.append(
                {
                    "id": card.checklist_id,
                    "name": card.checklist_name,
                    "idBoard": b.board_id,
                    "idCard": card.id,
                    "pos": 16384,
                    "creationMethod": None,
                    "checkItems": [
                        {
                            "id": cid,
                            "name": name,
                            "nameData": {"emoji": {}},
                            "pos": 16384 * (j + 1),
                            "state": "complete" if done else "incomplete",
                            "due": None,
                            "dueReminder": None,
                            "idMember": None,
                            "idChecklist": card.checklist_id,
                        }
                        for j, (cid, name, done) in enumerate(
                            zip(card.check_ids, card.checklist_items, card.checked, strict=True)
                        )
                    ],
                }
            )
        label_ids = [b.labels[lab]["id"] for lab in card.labels]
        cards.append(
            {
                "id": card.id,
                "badges": {
                    "attachmentsByType": {"trello": {"board": 0, "card": 0}},
                    "externalSource": None,
                    "location": False,
                    "votes": 0,
                    "viewingMemberVoted": False,
                    "subscribed": False,
                    "fogbugz": "",
                    "checkItems": len(card.checklist_items) if card.checklist_id else 0,
                    "checkItemsChecked": sum(card.checked) if card.checklist_id else 0,
                    "checkItemsEarliestDue": None,
                    "comments": card.comments,
                    "attachments": 0,
                    "description": bool(card.cur_desc),
                    "due": trello_time(card.due) if card.due else None,
                    "dueComplete": False,
                    "start": None,
                },
                "address": None,
                "attachments": [],
                "checkItemStates": None,
                "coordinates": None,
                "creationMethod": None,
                "customFieldItems": [],
                "closed": card.closed,
                "dueComplete": False,
                "dateLastActivity": trello_time(card.last),
                "desc": card.cur_desc,
                "descData": {"emoji": {}},
                "due": trello_time(card.due) if card.due else None,
                "dueReminder": -1 if card.due else None,
                "email": None,
                "idBoard": b.board_id,
                "idChecklists": checklist_ids,
                "idList": b.lists[card.column]["id"],
                "idMembers": [b.people[m]["id"] for m in card.members],
                "idMembersVoted": [],
                "idShort": card.id_short,
                "idAttachmentCover": None,
                "labels": [
                    {
                        "id": b.labels[lab]["id"],
                        "idBoard": b.board_id,
                        "name": lab,
                        "color": b.labels[lab]["color"],
                        "uses": uses[lab],
                    }
                    for lab in card.labels
                ],
                "idLabels": label_ids,
                "manualCoverAttachment": False,
                "name": card.name,
                "pos": card.pos,
                "shortLink": card.short_link,
                "shortUrl": f"https://trello.com/c/{card.short_link}",
                "start": None,
                "subscribed": False,
                "url": f"https://trello.com/c/{card.short_link}/{card.id_short}-{slug(card.name)}",
                "cover": {
                    "idAttachment": None,
                    "color": None,
                    "idUploadedBackground": None,
                    "size": "normal",
                    "brightness": "dark",
                    "idPlugin": None,
                },
                "isTemplate": False,
                "cardRole": None,
                "locationName": None,
                "pluginData": [],
            }
        )
    lists = [
        {
            "id": v["id"],
            "name": name,
            "closed": False,
            "color": None,
            "idBoard": b.board_id,
            "pos": v["pos"],
            "subscribed": False,
            "softLimit": None,
            "type": None,
            "datasource": {"filter": False},
            "creationMethod": None,
        }
        for name, v in b.lists.items()
    ]
    members = []
    for key in people:
        p = b.people[key]
        members.append(
            {
                "id": p["id"],
                "aaId": None,
                "activityBlocked": False,
                "avatarHash": p["avatarHash"],
                "avatarUrl": f"https://trello-members.s3.amazonaws.com/{p['id']}/{p['avatarHash']}",
                "bio": "",
                "bioData": None,
                "confirmed": True,
                "fullName": p["fullName"],
                "idEnterprise": None,
                "idEnterprisesDeactivated": [],
                "idMemberReferrer": None,
                "idPremOrgsAdmin": [],
                "initials": p["initials"],
                "memberType": "normal",
                "nonPublic": {},
                "nonPublicAvailable": True,
                "products": [],
                "url": f"https://trello.com/{p['username']}",
                "username": p["username"],
                "status": "disconnected",
            }
        )
    memberships = [
        {
            "id": b.ids.at(board_created + timedelta(seconds=i)),
            "idMember": b.people[key]["id"],
            "memberType": "admin" if key in ("maya", "tomas") else "normal",
            "unconfirmed": False,
            "deactivated": False,
        }
        for i, key in enumerate(people)
    ]
    actions = sorted(b.actions, key=lambda a: a["date"], reverse=True)  # Trello: newest first
    return {
        "id": b.board_id,
        "name": b.board_name,
        "desc": "Product board of the Fieldnote mobile team: ideas and discovery on the left, "
        "delivery on the right. Sprints are two weeks, planning on Mondays.",
        "descData": None,
        "closed": False,
        "dateClosed": None,
        "idOrganization": b.ids.at(board_created - timedelta(days=400)),
        "idEnterprise": None,
        "limits": {},
        "pinned": False,
        "starred": False,
        "url": f"https://trello.com/b/{b.board_short}/{slug(b.board_name)}",
        "prefs": {
            "permissionLevel": "org",
            "hideVotes": False,
            "voting": "disabled",
            "comments": "members",
            "invitations": "members",
            "selfJoin": True,
            "cardCovers": True,
            "cardCounts": False,
            "isTemplate": False,
            "cardAging": "regular",
            "calendarFeedEnabled": False,
            "background": "blue",
            "backgroundColor": "#0079BF",
            "backgroundImage": None,
            "canBePublic": True,
            "canBeEnterprise": True,
            "canBeOrg": True,
            "canBePrivate": True,
            "canInvite": True,
        },
        "shortLink": b.board_short,
        "subscribed": False,
        "labelNames": {
            "green": "Android",
            "yellow": "Customer request",
            "orange": "Tech debt",
            "red": "Bug",
            "purple": "Research",
            "blue": "Backend",
            "sky": "Strategy",
            "lime": "Metrics",
            "pink": "Design",
            "black": "iOS",
        },
        "powerUps": [],
        "dateLastActivity": last,
        "dateLastView": trello_time(T_END + timedelta(minutes=3)),
        "shortUrl": f"https://trello.com/b/{b.board_short}",
        "idTags": [],
        "datePluginDisable": None,
        "creationMethod": None,
        "ixUpdate": str(len(b.actions) + 1200),
        "templateGallery": None,
        "enterpriseOwned": False,
        "idBoardSource": None,
        "premiumFeatures": [],
        "idMemberCreator": b.people["maya"]["id"],
        "actions": actions,
        "cards": cards,
        "labels": label_objs,
        "lists": lists,
        "members": members,
        "checklists": checklists,
        "customFields": [],
        "memberships": memberships,
        "pluginData": [],
    }


# ================================================================================================
# Jira: project PAY ("Payments") of an imaginary payments team
# ================================================================================================

J_SITE = "https://tidewater-pay.atlassian.net"
J_START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
J_END = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
J_STRATEGY_ENDS = datetime(2026, 9, 4, 17, 0, tzinfo=UTC)  # nobody touches the roadmap after this
J_BOARD_ID = 7
J_SPRINT_GOALS = [
    "Payout schedule settings live for beta merchants",
    "Decline codes visible to merchants; retry logic for soft declines",
    "3-D Secure 2 challenge flow on web checkout",
    "Instant payout eligibility checks",
    "Dispute inbox MVP",
    "KYC document upload for new merchants",
    "Wallet payments behind a feature flag",
    "Invoice PDFs and payment links",
    "Fraud rules engine: first five rules",
    "Reconciliation report for finance",
    "Hardening: payout failures and alerts",
    "Bank transfer payments for EU merchants",
    "Card vault migration, phase 1",
    "Bug bash and checkout performance",
    "Year-end readiness: limits, monitoring, on-call",
]

# (key, display name, e-mail, time zone, legacy id?)
J_PEOPLE = [
    ("ines", "Ines Carvalho", "ines.carvalho@tidewater-pay.example", "Europe/Lisbon"),
    ("daniel", "Daniel Kim", "daniel.kim@tidewater-pay.example", "Europe/Berlin"),
    ("kwame", "Kwame Mensah", None, "Europe/London"),
    ("olga", "Olga Novak", "olga.novak@tidewater-pay.example", "Europe/Prague"),
    ("ravi", "Ravi Shah", None, "Europe/London"),
    ("hannah", "Hannah Schmidt", "hannah.schmidt@tidewater-pay.example", "Europe/Berlin"),
    ("sofia", "Sofia Rossi", None, "Europe/Rome"),
]
J_DEVS = ["kwame", "olga", "ravi"]

# Epics: (summary, description blocks, labels, created by, final status)
# A description is a list of blocks: ("p", text) | ("h", text) | ("ul", [items]) | ("ol", [items]).
# fmt: off
J_EPICS = [
    ("Launch instant payouts for merchants", [("p", "Merchants wait three business days for their money. Competitors pay out within minutes, and it is the first objection in sales calls with marketplaces."), ("h", "Goal"), ("p", "Offer instant payouts to eligible merchants as a paid option, without raising our credit risk above the agreed appetite."), ("h", "Success metrics"), ("ul", ["20% of eligible merchants use instant payouts within 90 days", "Payout-related churn halves", "Losses from negative balances below 0.05% of payout volume"])], ["payouts", "roadmap"], "ines", "In Progress"),
    ("Checkout conversion: fewer failed payments", [("p", "About 9% of card payments fail at checkout; a third of those are soft declines we could recover. Every point of conversion is worth roughly 1.2M EUR a year to our merchants."), ("h", "Outcome"), ("p", "Lift authorisation rate by 2 points by the end of Q4."), ("ul", ["Smart retries for soft declines", "Clear decline reasons for merchants", "Network tokens where issuers support them"])], ["checkout", "roadmap"], "ines", "In Progress"),
    ("Multi-currency pricing and FX", [("p", "Merchants selling abroad want to show prices in the buyer's currency. This opens the cross-border segment, which sales sized at 15% of new revenue next year."), ("h", "Scope"), ("ul", ["Presentment in 12 currencies", "FX margin configurable per merchant tier", "Settlement stays in the merchant's currency"])], ["fx", "roadmap"], "ines", "To Do"),
    ("Dispute and chargeback management: goals for a self-serve inbox", [("p", "Merchants handle disputes by e-mail with our support team today. We want a self-serve dispute inbox so that merchants respond in time and win more disputes."), ("h", "Success metrics"), ("ul", ["Response rate to disputes above 90%", "Support tickets about disputes down 60%"])], ["disputes", "roadmap"], "ines", "In Progress"),
    ("Strong customer authentication (3-D Secure 2): meet the regulation, raise approval rates", [("p", "Regulatory requirement for European cards. Also an opportunity: frictionless flows raise approval rates when the issuer trusts our data."), ("ul", ["Web and mobile SDK challenge flows", "Exemptions for low-value and trusted merchants", "Reporting on challenge rates"]), ("h", "Success metrics"), ("ul", ["Approval rate of challenged payments above 92%", "Conversion stays at today's level after the switch"])], ["compliance", "checkout"], "ines", "Done"),
    ("Merchant onboarding and KYC: same-day activation goal", [("p", "New merchants take 6 days on average to go live because of manual document checks. Target: same-day activation for low-risk merchants."), ("h", "Metrics"), ("ul", ["Median time to first payment under 24 hours", "Manual review rate under 20%"])], ["onboarding", "roadmap"], "ines", "In Progress"),
    ("Invoicing and payment links for B2B", [("p", "B2B customers of our merchants pay by invoice. Payment links and invoice PDFs let us capture this volume, which is currently paid by manual bank transfer outside our platform.")], ["invoicing"], "ines", "In Progress"),
    ("New payment methods: wallets and bank transfers", [("p", "Wallets are the preferred method for mobile buyers in three of our five top markets; bank transfers dominate in two others. Sequence decided in the roadmap review: wallets first.")], ["payment-methods", "roadmap"], "ines", "Done"),
    ("Fraud strategy v2: rules engine and risk scoring", [("p", "Replace the static rule list with a rules engine merchants can tune, plus a risk score from the vendor chosen in the business case."), ("h", "Success metrics"), ("ul", ["Fraud rate below 0.08% of volume", "False positive rate below 1%"])], ["fraud"], "ines", "In Progress"),
    ("Reconciliation and finance reporting", [("p", "Finance reconciles payouts by hand every month end. Automated reports should close the month in one day instead of four.")], ["finance"], "daniel", "In Progress"),
    ("Payments platform reliability", [("p", "Error budget burned twice this spring. Invest in retries, idempotency and alerting across payment and payout services.")], ["reliability"], "daniel", "In Progress"),
    ("Migrate the card vault to the new provider", [("p", "Contract with the current vault provider ends in February. Migrate stored cards with no customer-visible impact.")], ["vault"], "daniel", "In Progress"),
]
# fmt: on

# Strategy and discovery work that is not an epic: (summary, description blocks, labels, final status)
# fmt: off
J_STRATEGY = [
    ("Payments strategy 2027: one-page narrative", [("p", "Write the narrative for where payments should be by the end of 2027: which merchants we serve best, what we will not do, and the three bets. Review with the leadership team.")], ["strategy"], "In Progress"),
    ("Discovery: interview 10 merchants about payout timing", [("p", "User research: understand how payout timing affects merchants' cash flow, their pain points, and whether they would pay for faster payouts (input for pricing). Mix of marketplaces and single shops.")], ["discovery", "payouts"], "Done"),
    ("Define success metrics for instant payouts", [("p", "Agree adoption, revenue and risk metrics with finance and risk before the build starts."), ("ul", ["Adoption among eligible merchants", "Fee revenue per month", "Loss rate"])], ["metrics", "payouts"], "Done"),
    ("Market analysis: alternative payment methods in our top five markets", [("p", "Share of wallets, bank transfers and buy-now-pay-later by market and by merchant category. Input for the payment methods sequencing.")], ["discovery", "payment-methods"], "Done"),
    ("Pricing proposal for the FX margin", [("p", "Propose the FX margin per merchant tier. Compare with the three competitors we lose deals to, and model revenue for a low and a high adoption case.")], ["pricing", "fx"], "To Do"),
    ("Business case: in-house fraud scoring or a vendor", [("p", "Three-year cost, time to value, accuracy on our data, and the team we would need. Recommendation for the leadership meeting.")], ["strategy", "fraud"], "Done"),
    ("H2 roadmap review with finance, risk and sales", [("p", "Walk through the H2 payments roadmap with each stakeholder group. Capture what changes and publish the agreed version.")], ["roadmap"], "Done"),
    ("Competitive benchmark of checkout conversion", [("p", "Run test purchases through four competitor checkouts and compare steps, wallets offered, 3-D Secure friction and error messages.")], ["discovery", "checkout"], "Done"),
    ("Research: why B2B buyers pay invoices late", [("p", "Interviews with finance teams on the buyer side to find their pain points: is it approval workflows, payment methods, or simply the invoice format? Input for the invoicing roadmap.")], ["discovery", "invoicing"], "In Progress"),
    ("Quarterly objectives for the payments team (Q3)", [("p", "Draft objectives and key results for Q3 with Daniel; align with the company objectives on revenue and merchant retention.")], ["strategy"], "Done"),
    ("Decide the risk appetite for instant payouts with Risk", [("p", "Instant payouts shift credit risk to us. Decide with Risk and the leadership team which limits per merchant tier we accept before the launch, and the conditions for raising them.")], ["payouts", "risk"], "Done"),
    ("Opportunity sizing: marketplace sellers in Latin America", [("p", "Two large marketplaces asked about payouts to sellers in Brazil and Mexico. Size the opportunity and the licensing needed before any commitment.")], ["discovery"], "To Do"),
    ("Opportunity sizing: revenue we could win back from declined payments", [("p", "Size the revenue opportunity in the declined payments of the last quarter: which issuers and decline reasons could we win back, and what is each worth to our merchants? Input for the conversion strategy.")], ["analysis", "checkout"], "Done"),
    ("Roadmap: sequence wallets and bank transfers", [("p", "Decide which comes first based on the market analysis and engineering estimates; document the trade-off for sales.")], ["roadmap", "payment-methods"], "Done"),
]
# fmt: on

# Stories: (summary, user story, acceptance criteria, epic index)
# fmt: off
J_STORIES = [
    ("Merchant chooses a payout schedule", "As a merchant, I want to choose daily, weekly or monthly payouts so that money arrives when my accounting expects it.", ["Schedule can be changed in the dashboard", "Change applies from the next payout", "Audit log records who changed it"], 0),
    ("Show instant payout eligibility in the dashboard", "As a merchant, I want to see whether I can use instant payouts so that I know what to expect.", ["Eligible merchants see the option and the fee", "Ineligible merchants see the reason", "Eligibility refreshes daily"], 0),
    ("Request an instant payout", "As an eligible merchant, I want to request an instant payout of my available balance so that I get my money within minutes.", ["Amount up to the available balance", "Fee shown before confirming", "Confirmation e-mail with the expected arrival time"], 0),
    ("Instant payout limits per merchant tier", "As a risk analyst, I want daily limits per merchant tier so that our exposure stays within the agreed appetite.", ["Limits configurable per tier", "Requests above the limit are declined with a clear message"], 0),
    ("Payout failure notification", "As a merchant, I want an e-mail when a payout fails so that I can fix my bank details quickly.", ["E-mail within 15 minutes of the failure", "Link to update bank details", "Failed payout is retried after the update"], 0),
    ("Smart retry for soft declines", "As a merchant, I want soft-declined payments retried automatically so that I lose fewer sales.", ["Retry only for retryable decline codes", "At most two retries within 24 hours", "Merchant can switch retries off"], 1),
    ("Show the decline reason on a failed payment", "As a merchant, I want to see why a payment was declined so that I can tell my customer what to do.", ["Human-readable reason for the top 20 decline codes", "Raw code shown for the rest"], 1),
    ("Network tokens for stored cards", "As a merchant with subscriptions, I want stored cards to use network tokens so that renewals fail less often.", ["Tokens requested for new stored cards", "Fallback to the card number when no token is available"], 1),
    ("Checkout: keep the entered card after a decline", "As a buyer, I want my card details kept after a decline so that I only fix what was wrong.", ["Card number kept, security code cleared", "Error message next to the right field"], 1),
    ("Card brand detection while typing", "As a buyer, I want to see my card brand while typing so that I know the card is accepted.", ["Brand logo after the first six digits", "Unsupported brands show a message"], 1),
    ("Show prices in the buyer's currency", "As a cross-border merchant, I want prices shown in the buyer's currency so that buyers trust the checkout.", ["Currency based on the card's country", "Exchange rate locked for 30 minutes"], 2),
    ("Admin setting: FX fee percentage per merchant group", "As an operations admin, I want to enter the FX fee percentage for each merchant group in the admin screen so that payments use the contracted fee.", ["Value between 0% and 4%, validated in the form", "Changes apply to new payments only"], 2),
    ("Dispute inbox for merchants", "As a merchant, I want a list of open disputes with deadlines so that I never miss a response.", ["Sorted by response deadline", "Status: needs response, under review, won, lost", "Count of open disputes in the navigation"], 3),
    ("Upload evidence for a dispute", "As a merchant, I want to upload evidence files so that I can contest a chargeback.", ["PDF, JPG and PNG up to 10 MB", "Up to 8 files per dispute", "Submission is final and confirmed by e-mail"], 3),
    ("Dispute deadline reminders", "As a merchant, I want a reminder three days before a dispute deadline so that I respond in time.", ["E-mail three days and one day before the deadline", "No reminder once evidence is submitted"], 3),
    ("Accept a dispute without contesting", "As a merchant, I want to accept a dispute in one click so that I can close cases I will not win.", ["Confirmation dialog explains the consequence", "Dispute status becomes 'lost'"], 3),
    ("3-D Secure 2 challenge in the web checkout", "As a buyer, I want the bank's challenge shown inside the checkout so that I do not leave the page.", ["Challenge in a modal", "Works on mobile browsers", "Timeout after 10 minutes with a clear message"], 4),
    ("Low-value exemption for 3-D Secure", "As a merchant, I want payments under 30 EUR exempted when allowed so that small purchases have less friction.", ["Exemption requested only within the regulatory limits", "Fallback to challenge when the issuer refuses"], 4),
    ("Challenge rate report", "As a merchant, I want to see how often my buyers are challenged so that I can compare with the benchmark.", ["Weekly challenge and success rates", "Export as CSV"], 4),
    ("Upload identity documents during onboarding", "As a new merchant, I want to upload my ID and company documents in the signup flow so that I can go live faster.", ["Camera capture on mobile", "Clear list of required documents per country", "Progress saved if I leave"], 5),
    ("Automatic verification for low-risk merchants", "As an onboarding specialist, I want low-risk merchants verified automatically so that I focus on the risky ones.", ["Rules from the risk team decide low risk", "Automatic decision logged with the reason"], 5),
    ("Onboarding status page for merchants", "As a new merchant, I want to see what is missing for activation so that I do not need to call support.", ["Checklist of steps with status", "Contact link for questions"], 5),
    ("Send an invoice with a payment link", "As a B2B merchant, I want to send an invoice with a payment link so that my customers can pay online.", ["Invoice number, due date and line items", "Link opens a hosted payment page", "Invoice marked paid automatically"], 6),
    ("Invoice reminders before and after the due date", "As a B2B merchant, I want automatic reminders so that I spend less time chasing payments.", ["Reminder 3 days before and 7 days after the due date", "Merchant can edit the reminder text"], 6),
    ("Partial payment of an invoice", "As a B2B buyer, I want to pay part of an invoice so that I can split large payments.", ["Remaining amount shown on the invoice", "Merchant sees each partial payment"], 6),
    ("Wallet payments in the web checkout", "As a buyer on mobile, I want to pay with my phone's wallet so that I do not type my card.", ["Button shown only on supported devices", "Works with 3-D Secure exemptions"], 7),
    ("Bank transfer payments for EU buyers", "As a buyer, I want to pay by bank transfer from my banking app so that I do not need a card.", ["Bank selection list per country", "Payment confirmed when the bank confirms"], 7),
    ("Merchant can switch payment methods on and off", "As a merchant, I want to choose which payment methods appear at checkout so that I control my costs.", ["Toggle per method", "At least one method must stay on"], 7),
    ("Fraud rules engine: block by country and amount", "As a risk analyst, I want rules by country and amount so that I can stop obvious fraud patterns.", ["Rules evaluated before authorisation", "Each block logged with the rule that fired"], 8),
    ("Merchant can review held payments", "As a merchant, I want to approve or cancel payments held for review so that good customers are not lost.", ["List of held payments with the reason", "Approve or cancel within 24 hours, then auto-cancel"], 8),
    ("Fraud risk score on each payment", "As a risk analyst, I want the fraud provider's risk score stored on every payment so that rules can use it.", ["Score stored with the provider's reason codes", "Timeout of 300 ms, payment continues without a score"], 8),
    ("Allow list for trusted customers", "As a merchant, I want to allow-list trusted customers so that their payments skip manual review.", ["Allow by e-mail or customer id", "Allow-list changes are audited"], 8),
    ("Daily reconciliation report", "As a finance analyst, I want a daily report matching payouts to bank statements so that I find gaps early.", ["Matched, unmatched and pending totals", "CSV download and e-mail delivery"], 9),
    ("Fees breakdown per payout", "As a merchant, I want to see the fees deducted from each payout so that I can book them correctly.", ["Fees by type: processing, FX, instant payout", "Totals match the payout amount"], 9),
    ("Export transactions for accounting software", "As a merchant, I want to export transactions in a format my accounting tool reads so that I stop retyping.", ["CSV with documented columns", "Date range up to one year"], 9),
    ("Idempotency keys on the payments API", "As an API user, I want to retry requests safely with an idempotency key so that I never charge twice.", ["Same key and body returns the first result", "Same key with a different body is rejected"], 10),
    ("Payout service retries with backoff", "As an on-call engineer, I want failed bank calls retried with backoff so that short outages do not fail payouts.", ["Exponential backoff up to one hour", "Alert after the final failure"], 10),
    ("Status page component for payouts", "As a merchant, I want payout incidents on the status page so that I know when delays are on our side.", ["Component shows operational, degraded or outage", "Updated from the incident tool"], 10),
    ("Migrate stored cards in batches", "As an engineer, I want to migrate stored cards in batches so that we can pause and resume safely.", ["Batch size configurable", "Progress and error counts visible", "Re-runs skip migrated cards"], 11),
    ("Dual-write new cards during the vault migration", "As an engineer, I want new cards stored in both vaults so that we can switch without a gap.", ["Writes to both vaults, reads from the old one", "Mismatch alert"], 11),
    ("Refund a payment from the dashboard", "As a merchant, I want to refund a payment fully or partly from the dashboard so that I do not need the API.", ["Full and partial refunds", "Reason field", "Buyer receives an e-mail"], 1),
    ("Search payments by card's last four digits", "As a support agent at a merchant, I want to search payments by the last four digits so that I find a buyer's payment quickly.", ["Search by last four plus date range", "Results within 2 seconds for a year of data"], 9),
    ("Payout statement PDF", "As a merchant, I want a PDF statement per payout so that I can attach it to my bookkeeping.", ["Lists every payment, refund and fee in the payout", "Company details in the header"], 9),
    ("Merchant sets a minimum payout amount", "As a small merchant, I want a minimum payout amount so that I do not receive many tiny transfers.", ["Minimum between 10 and 1,000 EUR", "Balance below the minimum rolls over"], 0),
    ("Payout to a second bank account", "As a merchant with two companies, I want to split payouts between two accounts so that each company gets its share.", ["Split by percentage", "Both accounts verified before use"], 0),
    ("Saved cards for returning buyers", "As a returning buyer, I want my card remembered so that I check out faster.", ["Opt-in checkbox", "Buyer can delete saved cards", "Security code still required"], 1),
    ("Checkout in 12 languages", "As a buyer, I want the checkout in my language so that I understand every step.", ["Language from the browser, can be changed", "All error messages translated"], 2),
    ("Webhook for dispute status changes", "As a developer at a merchant, I want a webhook when a dispute changes status so that our systems stay in sync.", ["Event for each status change", "Retries for 72 hours"], 3),
    ("Team roles in the merchant dashboard", "As a merchant owner, I want to give my accountant read-only access so that they can see payouts but not refund.", ["Roles: owner, admin, accountant, support", "Role changes are audited"], 5),
    ("Export disputes as CSV", "As a merchant, I want to export disputes so that I can analyse them in a spreadsheet.", ["All fields shown in the inbox", "Date range filter"], 3),
    ("Pay an invoice by bank transfer", "As a B2B buyer, I want to pay an invoice by bank transfer through the payment link so that I use my usual method.", ["Reference prefilled", "Invoice marked paid on confirmation"], 6),
    ("Alert merchants about unusual refund volume", "As a merchant, I want an alert when refunds spike so that I notice fraud or an operational problem.", ["Alert when refunds exceed three times the daily average", "E-mail and dashboard banner"], 8),
    ("Show settlement currency on each payment", "As a merchant, I want to see the settlement currency and rate on each payment so that I understand my balance.", ["Rate and converted amount shown", "Rounding explained in a tooltip"], 2),
    ("Payment link expiry", "As a merchant, I want payment links to expire so that old invoices cannot be paid at outdated prices.", ["Default expiry 30 days, configurable", "Expired link shows a friendly page"], 6),
    ("Merchant API key rotation", "As a developer, I want to rotate API keys without downtime so that we follow our security policy.", ["Two keys valid at once for 24 hours", "Rotation is audited"], 10),
    ("Chargeback fee shown in the dispute", "As a merchant, I want to see the chargeback fee on each dispute so that I can decide whether to contest.", ["Fee and currency shown", "Fee refunded when the dispute is won"], 3),
    ("KYC re-verification reminders", "As a compliance officer, I want merchants reminded before their documents expire so that we stay compliant.", ["Reminder 30 and 7 days before expiry", "Payouts paused after expiry with a clear message"], 5),
    ("Webhook signing secret per endpoint", "As a developer, I want a separate signing secret per webhook endpoint so that a leak affects only one endpoint.", ["Secret shown once at creation", "Can be rolled"], 10),
    ("Retry a failed payout manually", "As a merchant, I want to retry a failed payout after fixing my bank details so that I do not wait for the next cycle.", ["Retry button on the failed payout", "Only one retry per day"], 0),
    ("Bank transfer payment status for buyers", "As a buyer paying by bank transfer, I want to see when my payment is confirmed so that I know my order is safe.", ["Pending, confirmed and failed states", "E-mail on confirmation"], 7),
]
# fmt: on

# Bugs: (summary, steps, expected, actual, priority)
# fmt: off
J_BUGS = [
    ("Payout shows 'paid' while the bank returned it", ["Open a payout returned by the bank", "Check the status in the dashboard"], "Status 'returned' with the reason", "Status stays 'paid'", "High"),
    ("Refund e-mail shows the amount in cents", ["Refund 12.50 EUR", "Open the buyer e-mail"], "12.50 EUR", "1250 EUR", "High"),
    ("3-D Secure modal cannot be closed on iOS Safari", ["Pay with a test card requiring a challenge on iPhone", "Tap the close icon"], "Modal closes and payment is cancelled", "Nothing happens", "High"),
    ("Decline reason missing for code 05", ["Trigger a 'do not honour' decline"], "Reason 'The bank declined the payment'", "Empty reason field", "Medium"),
    ("Dispute deadline shown in UTC instead of the merchant's time zone", ["Open a dispute as a merchant in Lisbon"], "Deadline in the merchant's time zone", "Deadline in UTC", "Medium"),
    ("Evidence upload fails for PDFs over 5 MB", ["Upload a 6 MB PDF as dispute evidence"], "Upload succeeds (limit is 10 MB)", "Error 'file too large'", "High"),
    ("Reconciliation report double counts partial refunds", ["Make two partial refunds on one payment", "Run the daily report"], "Each refund counted once", "Second refund counted twice", "High"),
    ("Invoice PDF cuts long company names", ["Create an invoice for a company with a 60-character name"], "Name wraps", "Name is cut after 40 characters", "Low"),
    ("Payment link page shows a blank screen on old Android browsers", ["Open a payment link on Android 9 default browser"], "Payment page loads", "Blank page, script error in the console", "Medium"),
    ("Currency switcher resets after a failed payment", ["Choose USD", "Fail a payment", "Retry"], "USD still selected", "Back to EUR", "Medium"),
    ("Instant payout fee rounded incorrectly", ["Request an instant payout of 333.33 EUR"], "Fee rounded half up to the cent", "Fee truncated", "Medium"),
    ("KYC upload stuck at 99% on slow connections", ["Throttle the connection to 3G", "Upload a 4 MB photo"], "Upload completes", "Progress stuck at 99%", "Medium"),
    ("Held payments list is empty for merchants with more than 500 holds", ["Open held payments as a large merchant"], "Paginated list", "Empty list, API times out", "High"),
    ("Webhook retries stop after the first failure", ["Point a webhook at an endpoint returning 500"], "Retries for 72 hours", "Only one attempt", "High"),
    ("Fees breakdown does not add up for FX payouts", ["Open a payout with FX payments"], "Fees and net amount add up to the gross", "Off by a few cents", "Medium"),
    ("Duplicate payout e-mails on retries", ["Trigger a payout retry"], "One e-mail", "Two identical e-mails", "Low"),
    ("Search by last four digits returns other merchants' payments", ["Search 4242 as merchant A"], "Only merchant A's payments", "Results include other merchants (in test mode only)", "Highest"),
    ("Bank list empty for Belgian buyers", ["Choose bank transfer with a Belgian billing address"], "List of Belgian banks", "Empty list", "High"),
    ("Dispute status webhook sends the old status", ["Submit evidence for a dispute"], "Webhook with status 'under review'", "Webhook with 'needs response'", "Medium"),
    ("Payout schedule change not applied when made on a Sunday", ["Change the schedule on a Sunday"], "Applies from the next payout", "Ignored until the following week", "Low"),
    ("Checkout error message overlaps the pay button on small screens", ["Open checkout on a 320 px wide screen", "Trigger a decline"], "Message above the button", "Message covers the button", "Low"),
    ("Allow-list ignores upper-case e-mail addresses", ["Allow-list Buyer@Example.com", "Pay as buyer@example.com"], "Payment skips review", "Payment held", "Medium"),
    ("Statement PDF missing refunds made on the payout day", ["Refund a payment on the day of its payout"], "Refund listed", "Refund missing", "Medium"),
    ("Minimum payout amount accepts negative values", ["Enter -50 as minimum payout"], "Validation error", "Saved", "Low"),
    ("Saved card deleted but still offered at checkout", ["Delete a saved card", "Start a new checkout"], "Card not offered", "Card still listed until logout", "Medium"),
    ("API key rotation invalidates both keys", ["Rotate the key", "Call the API with the old key within 24 hours"], "Old key still works", "401 Unauthorized", "Highest"),
    ("Translation missing on the 3-D Secure timeout message", ["Use the checkout in Polish", "Let the challenge time out"], "Polish message", "English message", "Low"),
    ("Vault migration batch skips cards with expiry in the current month", ["Run a migration batch"], "All cards migrated", "Cards expiring this month skipped", "High"),
    ("Refund button visible to read-only accountant role", ["Log in as accountant", "Open a payment"], "No refund button", "Refund button visible (action fails)", "Medium"),
    ("Payment link still payable after expiry", ["Open an expired payment link"], "Expiry page", "Payment form", "High"),
]
# fmt: on

# Technical tasks: (summary, description, created by)
# fmt: off
J_TASKS = [
    ("Upgrade the payments service to the current LTS runtime", "Current runtime goes out of support in January. Upgrade and run the full regression suite.", "daniel"),
    ("Load test the checkout at three times peak traffic", "Black Friday preparation. Target p95 under 400 ms at three times last year's peak.", "daniel"),
    ("Add tracing to the payout pipeline", "We cannot see where payouts spend time. Add spans for each step.", "kwame"),
    ("Rotate the database credentials for the ledger", "Quarterly rotation from the security policy.", "olga"),
    ("Clean up feature flags older than 90 days", "Twenty-three flags are fully rolled out. Remove them and the dead code.", "ravi"),
    ("Alert on payout failure rate above 2%", "Page on-call when more than 2% of payouts fail in an hour.", "daniel"),
    ("Document the payments API error codes", "Developers ask support about error codes weekly. Publish the list with explanations.", "kwame"),
    ("Set up a sandbox for the new vault provider", "Credentials, network access and a smoke test.", "olga"),
    ("Archive ledger partitions older than two years", "Move to cold storage to cut database costs.", "olga"),
    ("Upgrade the checkout front end build tooling", "The current bundler version is deprecated and slows the build.", "ravi"),
    ("Runbook for instant payout incidents", "What to check, who to call, how to pause instant payouts.", "daniel"),
    ("Contract tests between checkout and payments service", "Breaking changes reached production twice; add consumer-driven contract tests.", "ravi"),
    ("Penetration test follow-up fixes", "Fix the four medium findings from the external test.", "kwame"),
    ("Move webhook delivery to the shared queue service", "Our own queue is a maintenance burden.", "kwame"),
    ("Backfill settlement currency on old payments", "Needed for the settlement currency story; 14M rows.", "olga"),
    ("Performance: index payments by merchant and last four digits", "Needed for the search story; check the write overhead.", "olga"),
    ("Configure the year-end deploy freeze in the pipeline", "Block production deploys from 18 December to 4 January except hotfixes; add an override for the on-call engineer.", "daniel"),
    ("Update the test card list for the QA environment", "New brands and 3-D Secure scenarios.", "hannah"),
    ("Automate the checkout regression suite in CI", "Run the top 40 checkout scenarios on every merge.", "hannah"),
    ("Remove the legacy payout endpoint", "No merchant has called it since July.", "kwame"),
]
# fmt: on

J_COMMENTS_DEV = [
    "PR is up for review.",
    "{@ines} should a partial refund also refund the fee? Not in the criteria.",
    "Deployed to staging, ready for QA.",
    "This touches the ledger, pairing with Olga on the migration part.",
    "Blocked: waiting for sandbox credentials from the bank.",
    "Estimate was low, the retry logic needs a schema change. Still fits the sprint.",
    "Found the cause: the rounding happens before the currency conversion.",
    "Added tests for the edge cases listed in the ticket.",
    "Merged and deployed behind the flag.",
]
J_COMMENTS_LEAD = [
    "Let's keep the migration reversible, please add the down step.",
    "Reviewed the PR, two small comments.",
    "Pairing with Kwame on this tomorrow.",
    "Please add a metric for this so we see it on the dashboard.",
    "Fine to ship behind the flag.",
]
J_COMMENTS_QA = [
    "Verified on staging. {@daniel} fine to release with the next train.",
    "Verified on staging with the test cards, works as described.",
    "Reopening: still happens with a Visa test card.",
    "Tested on iOS Safari and Chrome Android, OK.",
    "Regression suite green.",
    "Could not reproduce on staging, need the payment id.",
]
J_COMMENTS_INES_TACTICAL = [
    "Added acceptance criteria after refinement.",
    "Pulled into this sprint, merchant escalation.",
    "Carrying over, not enough time this sprint.",
    "Accepted, thanks team!",
    "Can we keep this smaller? Only the dashboard part for now.",
    "Priority raised: two merchants are blocked by this.",
    "Please add the decline code mapping to the description before starting.",
]
J_COMMENTS_INES_STRATEGIC = [
    "First draft shared with the leadership team.",
    "Notes from the merchant interviews are in the research folder.",
    "Agreed with finance and risk, see the decision log.",
    "Updated after the roadmap review.",
    "This shapes the H2 roadmap, let's discuss in the next product review.",
]
J_COMMENTS_OTHERS_STRATEGIC = [
    "From the data side: I can pull the numbers by Friday.",
    "Engineering view: feasible in one quarter with two people.",
    "Sales hears this in almost every marketplace deal.",
    "Added the cohort breakdown to the dashboard.",
]

J_STATUSES = {  # name -> (id, category id, category key, colour, category name)
    "To Do": ("10000", 2, "new", "blue-gray", "To Do"),
    "In Progress": ("3", 4, "indeterminate", "yellow", "In Progress"),
    "In Review": ("10001", 4, "indeterminate", "yellow", "In Progress"),
    "Done": ("10002", 3, "done", "green", "Done"),
}
J_TYPES = {  # name -> (id, hierarchy level, description)
    "Epic": ("10000", 1, "Epics track collections of related bugs, stories, and tasks."),
    "Story": ("10001", 0, "Stories track functionality or features expressed as user goals."),
    "Task": ("10002", 0, "Tasks track small, distinct pieces of work."),
    "Sub-task": (
        "10003",
        -1,
        "Subtasks track small pieces of work that are part of a larger task.",
    ),
    "Bug": ("10004", 0, "Bugs track problems or errors."),
}
J_PRIORITIES = {"Highest": "1", "High": "2", "Medium": "3", "Low": "4", "Lowest": "5"}


def jira_time(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+0000"


_MENTION = re.compile(r"\{@(\w+)\}")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def jira_csv_time(t: datetime | None) -> str:
    """Jira's CSV date format, e.g. ``12/Mar/26 3:04 PM`` (English month names, no leading hour zero)."""
    if t is None:
        return ""
    hour = t.hour % 12 or 12
    return f"{t.day:02d}/{_MONTHS[t.month - 1]}/{t.year % 100:02d} {hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def blocks_to_wiki(blocks: list) -> str:
    out = []
    for kind, value in blocks:
        if kind == "p":
            out.append(value)
        elif kind == "h":
            out.append(f"h3. {value}")
        elif kind == "b":
            out.append(f"*{value}*")
        elif kind == "ul":
            out.append("\n".join(f"* {v}" for v in value))
        elif kind == "ol":
            out.append("\n".join(f"# {v}" for v in value))
    return "\n\n".join(out)


def _adf_text(text: str, strong: bool = False) -> dict:
    node = {"type": "text", "text": text}
    if strong:
        node["marks"] = [{"type": "strong"}]
    return node


def _adf_para(text: str, strong: bool = False) -> dict:
    return {"type": "paragraph", "content": [_adf_text(text, strong)]}


def blocks_to_adf(blocks: list) -> dict:
    content = []
    for kind, value in blocks:
        if kind == "p":
            content.append(_adf_para(value))
        elif kind == "b":
            content.append(_adf_para(value, strong=True))
        elif kind == "h":
            content.append(
                {"type": "heading", "attrs": {"level": 3}, "content": [_adf_text(value)]}
            )
        elif kind in ("ul", "ol"):
            node = {
                "type": "bulletList" if kind == "ul" else "orderedList",
                "content": [{"type": "listItem", "content": [_adf_para(v)]} for v in value],
            }
            if kind == "ol":
                node["attrs"] = {"order": 1}
            content.append(node)
    return {"type": "doc", "version": 1, "content": content}


@dataclass
class JIssue:
    kind: str  # epic | strategy | story | bug | task | subtask
    type: str
    summary: str
    blocks: list  # final description
    labels: list[str]
    reporter: str
    created: datetime
    adf: bool = True
    priority: str = "Medium"
    parent: JIssue | None = None
    children: list[JIssue] = field(default_factory=list)
    final_status: str = "Done"
    status: str = "To Do"
    status_changed: datetime | None = None
    resolved: datetime | None = None
    assignee: str | None = None
    sprints: list[int] = field(default_factory=list)
    sprint: int | None = None  # planned sprint (tactical)
    points: int | None = None
    early_blocks: list | None = None  # description before refinement, when it was edited
    histories: list = field(default_factory=list)  # (time, author, [items])
    comments: list = field(default_factory=list)  # (time, author, text)
    watchers: list[str] = field(default_factory=list)
    key: str = ""
    id: str = ""
    rank: str = ""
    epic_index: int | None = None

    @property
    def last(self) -> datetime:
        times = [self.created] + [h[0] for h in self.histories] + [c[0] for c in self.comments]
        return max(times)


class JiraBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: dict[str, dict] = {}
        for i, (key, name, email, tz) in enumerate(J_PEOPLE):
            if i in (1, 4):  # two older accounts keep the legacy 24-hex id format
                aid = "".join(rng.choice("0123456789abcdef") for _ in range(24))
            else:
                aid = "712020:" + str(uuid.UUID(int=rng.getrandbits(128), version=4))
            self.people[key] = {
                "accountId": aid,
                "displayName": name,
                "email": email,
                "timeZone": tz,
            }
        self.issues: list[JIssue] = []
        self.sprint_start = [None] + [
            datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
            + timedelta(days=14 * (k - 1), minutes=rng.randint(0, 40))
            for k in range(1, 16)
        ]
        self.sprint_end = [None] + [
            s + timedelta(days=11, hours=6, minutes=rng.randint(0, 50))
            for s in self.sprint_start[1:]
        ]

    # --- shapes -----------------------------------------------------------------------------------
    def user(self, key: str | None, v3: bool = True) -> dict | None:
        if key is None:
            return None
        p = self.people[key]
        initials = "".join(w[0] for w in p["displayName"].split())
        avatar = f"https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/{initials}-{len(initials)}.png"
        obj = {
            "self": f"{J_SITE}/rest/api/{3 if v3 else 2}/user?accountId={p['accountId']}",
            "accountId": p["accountId"],
        }
        if p["email"]:
            obj["emailAddress"] = p["email"]
        obj["avatarUrls"] = {size: avatar for size in ("48x48", "24x24", "16x16", "32x32")}
        obj.update(
            {
                "displayName": p["displayName"],
                "active": True,
                "timeZone": p["timeZone"],
                "accountType": "atlassian",
            }
        )
        return obj

    def status_obj(self, name: str, v3: bool = True) -> dict:
        sid, cid, ckey, colour, cname = J_STATUSES[name]
        api = f"{J_SITE}/rest/api/{3 if v3 else 2}"
        return {
            "self": f"{api}/status/{sid}",
            "description": "",
            "iconUrl": f"{J_SITE}/",
            "name": name,
            "id": sid,
            "statusCategory": {
                "self": f"{api}/statuscategory/{cid}",
                "id": cid,
                "key": ckey,
                "colorName": colour,
                "name": cname,
            },
        }

    def type_obj(self, name: str, v3: bool = True) -> dict:
        tid, level, desc = J_TYPES[name]
        return {
            "self": f"{J_SITE}/rest/api/{3 if v3 else 2}/issuetype/{tid}",
            "id": tid,
            "description": desc,
            "iconUrl": f"{J_SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/{10300 + int(tid) % 100}?size=medium",
            "name": name,
            "subtask": level == -1,
            "avatarId": 10300 + int(tid) % 100,
            "entityId": str(uuid.UUID(int=int(tid) * 7919, version=4)),
            "hierarchyLevel": level,
        }

    def priority_obj(self, name: str, v3: bool = True) -> dict:
        pid = J_PRIORITIES[name]
        return {
            "self": f"{J_SITE}/rest/api/{3 if v3 else 2}/priority/{pid}",
            "iconUrl": f"{J_SITE}/images/icons/priorities/{name.lower()}.svg",
            "name": name,
            "id": pid,
        }

    def sprint_obj(self, k: int) -> dict:
        start, end = self.sprint_start[k], self.sprint_end[k]
        active = end > J_END
        obj = {
            "id": 40 + k,
            "name": f"PAY Sprint {k}",
            "state": "active" if active else "closed",
            "boardId": J_BOARD_ID,
            "goal": J_SPRINT_GOALS[k - 1],
            "startDate": jira_time(start),
            "endDate": jira_time(
                datetime.combine(start.date() + timedelta(days=14), datetime.min.time(), UTC)
                + timedelta(hours=9, minutes=30)
            ),
        }
        if not active:
            obj["completeDate"] = jira_time(end)
        return obj

    # --- events -----------------------------------------------------------------------------------
    def hist(self, issue: JIssue, when: datetime, who: str, *items: dict) -> None:
        issue.histories.append((_round_ms(when), who, list(items)))

    def item(
        self, name: str, frm=None, frm_s=None, to=None, to_s=None, custom: str | None = None
    ) -> dict:
        field_ids = {
            "status": "status",
            "assignee": "assignee",
            "resolution": "resolution",
            "priority": "priority",
            "description": "description",
            "labels": "labels",
        }
        return {
            "field": name,
            "fieldtype": "custom" if custom else "jira",
            "fieldId": custom or field_ids.get(name, name),
            "from": frm,
            "fromString": frm_s,
            "to": to,
            "toString": to_s,
        }

    def transition(self, issue: JIssue, when: datetime, who: str, to: str) -> None:
        items = []
        if to == "Done":
            items.append(self.item("resolution", None, None, "10000", "Done"))
            issue.resolved = _round_ms(when)
        elif issue.status == "Done":
            items.append(self.item("resolution", "10000", "Done", None, None))
            issue.resolved = None
        items.append(
            self.item("status", J_STATUSES[issue.status][0], issue.status, J_STATUSES[to][0], to)
        )
        if J_STATUSES[to][1] != J_STATUSES[issue.status][1]:
            issue.status_changed = _round_ms(when)
        issue.status = to
        self.hist(issue, when, who, *items)

    def assign(self, issue: JIssue, when: datetime, who: str, to: str) -> None:
        frm = issue.assignee
        p_from = self.people[frm] if frm else None
        p_to = self.people[to]
        item = self.item(
            "assignee",
            p_from["accountId"] if p_from else None,
            p_from["displayName"] if p_from else None,
            p_to["accountId"],
            p_to["displayName"],
        )
        item["tmpFromAccountId"] = p_from["accountId"] if p_from else None
        item["tmpToAccountId"] = p_to["accountId"]
        issue.assignee = to
        self.hist(issue, when, who, item)

    def rank(self, issue: JIssue, when: datetime, who: str) -> None:
        self.hist(
            issue,
            when,
            who,
            self.item(
                "Rank",
                "",
                "",
                "",
                self.rng.choice(["Ranked higher", "Ranked higher", "Ranked lower"]),
                custom="customfield_10019",
            ),
        )

    def set_sprint(self, issue: JIssue, when: datetime, who: str, k: int) -> None:
        old = list(issue.sprints)
        issue.sprints.append(k)
        self.hist(
            issue,
            when,
            who,
            self.item(
                "Sprint",
                ", ".join(str(40 + s) for s in old),
                ", ".join(f"PAY Sprint {s}" for s in old),
                ", ".join(str(40 + s) for s in issue.sprints),
                ", ".join(f"PAY Sprint {s}" for s in issue.sprints),
                custom="customfield_10020",
            ),
        )

    def comment_wiki(self, text: str) -> str:
        """``{@key}`` mentions as Jira wiki markup: ``[~accountid:...]``."""
        return _MENTION.sub(lambda m: f"[~accountid:{self.people[m.group(1)]['accountId']}]", text)

    def comment_adf(self, text: str) -> dict:
        """A one-paragraph ADF comment; ``{@key}`` mentions become ADF mention nodes."""
        nodes: list[dict] = []
        pos = 0
        for m in _MENTION.finditer(text):
            if m.start() > pos:
                nodes.append(_adf_text(text[pos : m.start()]))
            p = self.people[m.group(1)]
            attrs = {"id": p["accountId"], "text": "@" + p["displayName"], "accessLevel": ""}
            nodes.append({"type": "mention", "attrs": attrs})
            pos = m.end()
        if pos < len(text):
            nodes.append(_adf_text(text[pos:]))
        return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": nodes}]}

    def comment(self, issue: JIssue, when: datetime, who: str, text: str) -> None:
        issue.comments.append((_round_ms(when), who, text))


def _bug_blocks(steps: list[str], expected: str, actual: str) -> list:
    return [
        ("b", "Steps to reproduce"),
        ("ol", steps),
        ("p", f"Expected: {expected}"),
        ("p", f"Actual: {actual}"),
    ]


def _story_blocks(
    rng: random.Random, sentence: str, criteria: list[str]
) -> tuple[list, list | None]:
    """(final description, description before refinement or None when written in one go)."""
    style = rng.random()
    if style < 0.5:
        final = [("p", sentence), ("h", "Acceptance criteria"), ("ul", criteria)]
    elif style < 0.7:
        given = [
            f"Given {criteria[0][0].lower()}{criteria[0][1:]}",
            "When the merchant saves",
            "Then the change is visible in the dashboard",
        ]
        final = [("p", sentence), ("b", "AC:"), ("ul", given + criteria[1:])]
    elif style < 0.92:
        final = [("p", sentence)]
    else:
        final = []
    early = [("p", sentence)] if final and len(final) > 1 and rng.random() < 0.45 else None
    return final, early


def build_jira(rng: random.Random) -> JiraBuilder:
    jb = JiraBuilder(rng)

    # --- phase 1: the issues and when they are created --------------------------------------------
    epics = []
    span = (datetime(2026, 7, 10, tzinfo=UTC) - J_START).total_seconds()
    for i, (summary, blocks, labels, by, final) in enumerate(J_EPICS):
        when = on_day(
            J_START + timedelta(seconds=span * i / len(J_EPICS) * rng.uniform(0.6, 1.0)), rng
        )
        epic = JIssue(
            "epic",
            "Epic",
            summary,
            blocks,
            labels,
            by,
            when,
            adf=rng.random() < 0.6,
            priority="High" if i < 6 else "Medium",
            final_status=final,
            epic_index=i,
        )
        epics.append(epic)
    strategy = []
    span = (datetime(2026, 7, 24, tzinfo=UTC) - J_START).total_seconds()
    for i, (summary, blocks, labels, final) in enumerate(J_STRATEGY):
        when = on_day(J_START + timedelta(seconds=span * (i + rng.random()) / len(J_STRATEGY)), rng)
        by = (
            "sofia"
            if "analysis" in labels
            else ("daniel" if "objectives" in summary.lower() and rng.random() < 0.5 else "ines")
        )
        strategy.append(
            JIssue(
                "strategy",
                "Task",
                summary,
                blocks,
                labels,
                by,
                when,
                adf=rng.random() < 0.6,
                final_status=final,
            )
        )

    phase = [4, 0, 1, 7, 5, 3, 8, 6, 9, 2, 10, 11]  # the order the roadmap took the epics in
    stories = []
    for summary, sentence, criteria, epic_i in J_STORIES:
        final, early = _story_blocks(rng, sentence, criteria)
        issue = JIssue(
            "story",
            "Story",
            summary,
            final,
            list(epics[epic_i].labels[:1]),
            "ines",
            J_START,
            adf=rng.random() < 0.6,
            early_blocks=early,
            epic_index=epic_i,
        )
        issue.parent = epics[epic_i]
        issue.points = rng.choice([1, 2, 3, 3, 5, 5, 8])
        stories.append((phase.index(epic_i) + rng.uniform(-1.5, 2.5), issue))
    stories = [s for _, s in sorted(stories, key=lambda x: x[0])]
    bugs = []
    for summary, steps, expected, actual, prio in J_BUGS:
        bugs.append(
            JIssue(
                "bug",
                "Bug",
                summary,
                _bug_blocks(steps, expected, actual),
                [],
                "hannah",
                J_START,
                adf=rng.random() < 0.6,
                priority=prio,
            )
        )
    tasks = []
    for summary, desc, by in J_TASKS:
        tasks.append(
            JIssue(
                "task",
                "Task",
                summary,
                [("p", desc)],
                ["tech"],
                by,
                J_START,
                adf=rng.random() < 0.6,
            )
        )

    # Sprint plan: stories in roadmap order, bugs and tasks sprinkled in; the rest stays in the backlog.
    sprint_bound_stories = stories[:48]
    backlog = stories[48:]
    rng.shuffle(bugs)
    rng.shuffle(tasks)
    sprint_bugs, backlog_bugs = bugs[:24], bugs[24:]
    sprint_tasks, backlog_tasks = tasks[:16], tasks[16:]
    backlog += backlog_bugs + backlog_tasks
    per_sprint: dict[int, list[JIssue]] = {k: [] for k in range(1, 16)}
    for i, issue in enumerate(sprint_bound_stories):
        per_sprint[1 + i * 15 // len(sprint_bound_stories)].append(issue)
    for issue in sprint_bugs + sprint_tasks:
        per_sprint[rng.randint(1, 15)].append(issue)
    for k, items in per_sprint.items():
        for issue in items:
            issue.sprint = k
            start = jb.sprint_start[k]
            lead = rng.uniform(1, 8) if issue.kind == "bug" else rng.uniform(3, 30)
            when = on_day(start - timedelta(days=lead), rng)
            if when < J_START:
                when = on_day(J_START + timedelta(days=rng.uniform(0, 3)), rng)
            if issue.kind == "bug" and rng.random() < 0.3 and k > 1:  # found during the sprint
                when = on_day(start + timedelta(days=rng.uniform(0.5, 6)), rng)
            issue.created = when
    for issue in backlog:
        frac = rng.random() ** 0.7
        issue.created = on_day(J_START + (J_END - J_START - timedelta(days=2)) * frac, rng)

    def reporter(issue: JIssue) -> str:
        if issue.kind == "story":
            return pick(rng, {"ines": 0.86, "daniel": 0.08, "ravi": 0.06})
        if issue.kind == "bug":
            return pick(
                rng, {"hannah": 0.55, "kwame": 0.1, "olga": 0.08, "ravi": 0.07, "ines": 0.2}
            )
        return issue.reporter

    for issue in stories + bugs:
        issue.reporter = reporter(issue)
    # Sub-tasks: engineers split a good part of the sprint stories when the sprint starts.
    subtasks = []
    for story in sprint_bound_stories:
        if rng.random() < 0.62:
            for prefix in rng.sample(["Backend", "Frontend", "QA"], rng.choice([1, 1, 2])):
                title = story.summary[0].lower() + story.summary[1:]
                summary = {
                    "Backend": f"Backend: API and data model for {title}",
                    "Frontend": f"Frontend: dashboard screens for {title}",
                    "QA": f"QA: test cases for {title}",
                }[prefix]
                owner = {
                    "Backend": rng.choice(["kwame", "olga"]),
                    "Frontend": "ravi",
                    "QA": "hannah",
                }[prefix]
                sub = JIssue(
                    "subtask",
                    "Sub-task",
                    summary,
                    [],
                    [],
                    owner,
                    jb.sprint_start[story.sprint] + timedelta(hours=rng.uniform(1, 30)),
                    adf=story.adf,
                )
                sub.created = _round_ms(next_workday(sub.created, rng))
                sub.parent = story
                sub.assignee = None
                sub.sprint = story.sprint
                story.children.append(sub)
                subtasks.append(sub)

    everything = epics + strategy + stories + bugs + tasks + subtasks
    everything.sort(key=lambda i: i.created)
    for n, issue in enumerate(everything, start=1):
        issue.key = f"PAY-{n}"
        issue.id = str(10230 + n)
    for epic in epics:
        epic.children = [s for s in stories if s.parent is epic]
    jb.issues = everything

    # --- phase 2: what happened to them ----------------------------------------------------------
    for issue in strategy:
        t = issue.created
        if issue.reporter != "ines" and rng.random() < 0.5:
            t = later(t, rng, 0.1, 3)
            jb.assign(issue, t, issue.reporter, issue.reporter)
        else:
            t = later(t, rng, 0.1, 24)
            jb.assign(issue, t, "ines", "ines" if issue.reporter == "ines" else issue.reporter)
        if rng.random() < 0.5:
            t = later(t, rng, 1, 48)
            jb.rank(issue, t, "ines")
        if issue.final_status != "To Do":
            t = later(t, rng, 4, 120)
            jb.transition(issue, t, issue.assignee, "In Progress")
        for _ in range(rng.randint(1, 3)):
            t = later(t, rng, 6, 150)
            if not _strategy_open(t):
                break
            if rng.random() < 0.6:
                jb.comment(issue, t, "ines", rng.choice(J_COMMENTS_INES_STRATEGIC))
            else:
                jb.comment(
                    issue,
                    t,
                    pick(rng, {"sofia": 2, "daniel": 2, "kwame": 1}),
                    rng.choice(J_COMMENTS_OTHERS_STRATEGIC),
                )
        if issue.final_status == "Done":
            t = later(t, rng, 12, 200)
            if _strategy_open(t):
                jb.transition(issue, t, "ines", "Done")

    for epic in epics:
        t = epic.created
        if rng.random() < 0.5:
            epic.early_blocks = epic.blocks[:1]
            t = later(t, rng, 2, 72)
            jb.hist(
                epic,
                t,
                "ines",
                jb.item(
                    "description",
                    None,
                    blocks_to_wiki(epic.early_blocks),
                    None,
                    blocks_to_wiki(epic.blocks),
                ),
            )
        for _ in range(rng.randint(1, 2)):
            t = later(t, rng, 4, 200)
            if _strategy_open(t):
                jb.rank(epic, t, "ines")
        if rng.random() < 0.5:
            t = later(t, rng, 2, 100)
            if _strategy_open(t):
                jb.comment(epic, t, "ines", rng.choice(J_COMMENTS_INES_STRATEGIC))
        if rng.random() < 0.4:
            t = later(t, rng, 2, 100)
            if _strategy_open(t):
                jb.comment(
                    epic,
                    t,
                    pick(rng, {"sofia": 1, "daniel": 2}),
                    rng.choice(J_COMMENTS_OTHERS_STRATEGIC),
                )

    for issue in stories + bugs + tasks:
        _jira_work(jb, rng, issue)
    for sub in subtasks:
        sub.sprints = list(sub.parent.sprints)

    # Epics follow their stories while someone still looks at the roadmap; then nobody does.
    for epic in epics:
        starts = [
            h[0]
            for s in epic.children
            for h in s.histories
            if any(i["field"] == "status" and i["toString"] == "In Progress" for i in h[2])
        ]
        if starts and epic.final_status != "To Do":
            t = later(min(starts), rng, 1, 30)
            if _strategy_open(t):
                jb.transition(epic, t, "ines", "In Progress")
        if epic.final_status == "Done" and epic.status == "In Progress":
            ends = [s.resolved for s in epic.children]
            if ends and all(ends):
                t = later(max(ends), rng, 2, 72)
                if _strategy_open(t):
                    jb.transition(epic, t, "ines", "Done")
    for issue in everything:
        watchers = {issue.reporter, issue.assignee, *(c[1] for c in issue.comments)}
        if issue.kind in ("story", "epic", "strategy"):
            watchers.add("ines")
        issue.watchers = sorted(w for w in watchers if w)
        issue.histories.sort(key=lambda h: h[0])
        issue.comments.sort(key=lambda c: c[0])
        if issue.kind in ("epic", "strategy") and issue.last >= J_STRATEGY_ENDS:
            raise AssertionError(f"strategic issue touched late: {issue.key}")
        if issue.last > J_END:
            raise AssertionError(f"activity after the export: {issue.key}")
    return jb


def _strategy_open(t: datetime) -> bool:
    """Before the point after which nobody touches an epic or a strategy item."""
    return t < J_STRATEGY_ENDS


def _jira_work(jb: JiraBuilder, rng: random.Random, issue: JIssue) -> None:
    """A story, bug or task: refined, ranked, planned, built, reviewed, accepted (or not yet)."""
    t = issue.created
    # Ines accepts stories, Hannah verifies bugs, Daniel (the engineering manager) signs off
    # most technical tasks.
    acceptor = {"story": "ines", "bug": "hannah"}.get(issue.kind)
    if issue.kind == "task" and rng.random() < 0.7:
        acceptor = "daniel"
    if issue.early_blocks:
        t = later(t, rng, 2, 96)
        jb.hist(
            issue,
            t,
            "ines",
            jb.item(
                "description",
                None,
                blocks_to_wiki(issue.early_blocks),
                None,
                blocks_to_wiki(issue.blocks),
            ),
        )
    if issue.kind == "bug" and rng.random() < 0.3:
        new = {"Medium": "High", "Low": "Medium", "High": "Highest"}.get(
            issue.priority, issue.priority
        )
        if new != issue.priority:
            t = later(t, rng, 0.2, 24)
            jb.hist(
                issue,
                t,
                "ines",
                jb.item(
                    "priority",
                    J_PRIORITIES[issue.priority],
                    issue.priority,
                    J_PRIORITIES[new],
                    new,
                ),
            )
            issue.priority = new
    k = issue.sprint
    if k is None:  # backlog: sometimes ranked, otherwise left alone
        if rng.random() < 0.45:
            t = later(t, rng, 2, 300)
            if t < J_END:
                jb.rank(issue, t, "ines")
        return
    start = jb.sprint_start[k]
    if issue.kind == "story" and t < start - timedelta(days=1):
        t = max(t + timedelta(hours=1), start - timedelta(days=rng.uniform(0.5, 5)))
        t = _round_ms(next_workday(t, rng))
        if t < start:
            jb.hist(
                issue,
                t,
                rng.choice(["kwame", "olga", "ravi", "ines"]),
                jb.item(
                    "Story point estimate",
                    None,
                    None,
                    str(issue.points),
                    str(issue.points),
                    custom="customfield_10016",
                ),
            )
    if rng.random() < 0.6 and t < start - timedelta(hours=3):
        t2 = _round_ms(next_workday(t + (start - t) * rng.uniform(0.2, 0.9), rng))
        if t < t2 < start:
            jb.rank(issue, t2, "ines")
            t = t2
    t = max(
        t + timedelta(minutes=rng.randint(3, 40)), start + timedelta(minutes=rng.randint(0, 80))
    )
    jb.set_sprint(
        issue,
        t + timedelta(seconds=rng.randint(0, 59), milliseconds=rng.randint(0, 999)),
        "ines",
        k,
    )
    if issue.kind == "bug" and t > start + timedelta(hours=3):
        jb.comment(
            issue,
            t + timedelta(minutes=2),
            "ines",
            "Pulled into this sprint, merchant escalation.",
        )
    dev = (
        rng.choice(J_DEVS)
        if issue.kind != "task" or issue.reporter not in ("hannah", *J_DEVS)
        else issue.reporter
    )
    t = later(t, rng, 1, 24 * rng.choice([1, 2, 3, 5]))
    if t >= J_END:
        return
    jb.assign(issue, t, dev if rng.random() < 0.7 else "ines", dev)
    t = t + timedelta(minutes=rng.randint(1, 30))
    jb.transition(issue, t, dev, "In Progress")
    review = later(t, rng, 8, 24 * rng.uniform(1, 7))
    for sub in issue.children:
        end = min(review, J_END)
        s0 = _round_ms(max(sub.created + timedelta(minutes=5), t + (end - t) * rng.uniform(0, 0.3)))
        if s0 >= end:
            continue
        jb.assign(sub, s0, sub.reporter, sub.reporter)
        jb.transition(sub, s0 + timedelta(minutes=2), sub.reporter, "In Progress")
        s2 = _round_ms(s0 + (end - s0) * rng.uniform(0.5, 0.95))
        if s2 < end and s2 > s0 + timedelta(minutes=5):
            jb.transition(sub, s2, sub.reporter, "Done")
    for _ in range(rng.choice([0, 1, 1, 2])):
        c = _during(t + (review - t) * rng.random(), review, rng)
        if c < J_END:
            who = pick(rng, {dev: 3, "ines": 2, "hannah": 1, "daniel": 1})
            pool = {
                "ines": J_COMMENTS_INES_TACTICAL,
                "hannah": J_COMMENTS_QA,
                "daniel": J_COMMENTS_LEAD,
            }.get(who, J_COMMENTS_DEV)
            jb.comment(issue, c, who, rng.choice(pool))
    done = later(review, rng, 1, 50)
    # Not finished within the sprint: carried over by Ines at the next planning.
    if done > jb.sprint_end[k] and k < 15:
        nxt = jb.sprint_start[k + 1]
        jb.set_sprint(issue, nxt + timedelta(minutes=rng.randint(0, 30)), "ines", k + 1)
        if done < nxt + timedelta(hours=2):
            done = later(nxt, rng, 2, 60)
        if review > done - timedelta(hours=1):
            review = done - timedelta(hours=rng.uniform(1, 3))
    if review >= J_END:
        return
    jb.transition(issue, review, dev, "In Review")
    if done >= J_END:
        return
    if issue.kind == "bug":
        jb.comment(
            issue,
            done - timedelta(minutes=rng.randint(2, 30)),
            "hannah",
            rng.choice(J_COMMENTS_QA[:4]),
        )
    jb.transition(issue, done, acceptor or dev, "Done")
    if issue.kind == "story" and rng.random() < 0.25:
        jb.comment(issue, done + timedelta(minutes=1), "ines", "Accepted, thanks team!")


J_NAMES = {
    "statuscategorychangedate": "Status Category Changed",
    "issuetype": "Issue Type",
    "parent": "Parent",
    "timespent": "Time Spent",
    "project": "Project",
    "fixVersions": "Fix versions",
    "aggregatetimespent": "Σ Time Spent",
    "resolution": "Resolution",
    "resolutiondate": "Resolved",
    "workratio": "Work Ratio",
    "watches": "Watchers",
    "lastViewed": "Last Viewed",
    "created": "Created",
    "customfield_10020": "Sprint",
    "customfield_10021": "Flagged",
    "priority": "Priority",
    "labels": "Labels",
    "customfield_10016": "Story point estimate",
    "customfield_10019": "Rank",
    "timeestimate": "Remaining Estimate",
    "aggregatetimeoriginalestimate": "Σ Original Estimate",
    "versions": "Affects versions",
    "issuelinks": "Linked Issues",
    "assignee": "Assignee",
    "updated": "Updated",
    "status": "Status",
    "components": "Components",
    "timeoriginalestimate": "Original estimate",
    "description": "Description",
    "customfield_10014": "Epic Link",
    "customfield_10015": "Start date",
    "timetracking": "Time tracking",
    "security": "Security Level",
    "attachment": "Attachment",
    "aggregatetimeestimate": "Σ Remaining Estimate",
    "summary": "Summary",
    "creator": "Creator",
    "subtasks": "Sub-tasks",
    "reporter": "Reporter",
    "customfield_10001": "Team",
    "aggregateprogress": "Σ Progress",
    "environment": "Environment",
    "duedate": "Due date",
    "progress": "Progress",
    "votes": "Votes",
    "comment": "Comment",
    "worklog": "Log Work",
}


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _assign_ranks(jb: JiraBuilder) -> None:
    """LexoRank-looking values: done work first, open work ordered by priority then age."""
    order = sorted(
        jb.issues,
        key=lambda i: (
            i.status != "Done",
            J_PRIORITIES[i.priority] if i.status != "Done" else "",
            i.created,
        ),
    )
    for n, issue in enumerate(order):
        issue.rank = f"0|i{_base36(2000 + 37 * n):0>5}:"


def _issue_ref(jb: JiraBuilder, issue: JIssue, v3: bool) -> dict:
    return {
        "id": issue.id,
        "key": issue.key,
        "self": f"{J_SITE}/rest/api/{3 if v3 else 2}/issue/{issue.id}",
        "fields": {
            "summary": issue.summary,
            "status": jb.status_obj(issue.status, v3),
            "priority": jb.priority_obj(issue.priority, v3),
            "issuetype": jb.type_obj(issue.type, v3),
        },
    }


def jira_issue_json(jb: JiraBuilder, issue: JIssue, history_ids: dict, comment_ids: dict) -> dict:
    v3 = issue.adf
    api = f"{J_SITE}/rest/api/{3 if v3 else 2}"
    if issue.blocks:
        description = blocks_to_adf(issue.blocks) if v3 else blocks_to_wiki(issue.blocks)
    else:
        description = None
    comments = [
        {
            "self": f"{api}/issue/{issue.id}/comment/{comment_ids[id(c)]}",
            "id": comment_ids[id(c)],
            "author": jb.user(who, v3),
            "body": jb.comment_adf(text) if v3 else jb.comment_wiki(text),
            "updateAuthor": jb.user(who, v3),
            "created": jira_time(when),
            "updated": jira_time(when),
            "jsdPublic": True,
        }
        for c in issue.comments
        for when, who, text in [c]
    ]
    histories = [
        {
            "id": history_ids[id(h)],
            "author": jb.user(who, v3),
            "created": jira_time(when),
            "items": items,
        }
        for h in issue.histories
        for when, who, items in [h]
    ]
    project = {
        "self": f"{api}/project/10004",
        "id": "10004",
        "key": "PAY",
        "name": "Payments",
        "projectTypeKey": "software",
        "simplified": False,
        "avatarUrls": {
            s: f"{J_SITE}/rest/api/2/universal_avatar/view/type/project/avatar/10411?size={n}"
            for s, n in (
                ("48x48", "large"),
                ("24x24", "small"),
                ("16x16", "xsmall"),
                ("32x32", "medium"),
            )
        },
    }
    fields: dict = {
        "statuscategorychangedate": jira_time(issue.status_changed or issue.created),
        "issuetype": jb.type_obj(issue.type, v3),
    }
    if issue.parent is not None:
        fields["parent"] = _issue_ref(jb, issue.parent, v3)
    fields.update(
        {
            "timespent": None,
            "project": project,
            "fixVersions": [],
            "aggregatetimespent": None,
            "resolution": {
                "self": f"{api}/resolution/10000",
                "id": "10000",
                "description": "Work has been completed on this issue.",
                "name": "Done",
            }
            if issue.resolved
            else None,
            "resolutiondate": jira_time(issue.resolved) if issue.resolved else None,
            "workratio": -1,
            "watches": {
                "self": f"{api}/issue/{issue.key}/watchers",
                "watchCount": len(issue.watchers),
                "isWatching": False,
            },
            "lastViewed": None,
            "created": jira_time(issue.created),
            "customfield_10020": [jb.sprint_obj(k) for k in issue.sprints] or None,
            "customfield_10021": None,
            "priority": jb.priority_obj(issue.priority, v3),
            "labels": list(issue.labels),
            "customfield_10016": float(issue.points)
            if issue.points is not None
            and any(i["field"] == "Story point estimate" for h in issue.histories for i in h[2])
            else None,
            "customfield_10019": issue.rank,
            "timeestimate": None,
            "aggregatetimeoriginalestimate": None,
            "versions": [],
            "issuelinks": [],
            "assignee": jb.user(issue.assignee, v3),
            "updated": jira_time(issue.last),
            "status": jb.status_obj(issue.status, v3),
            "components": [],
            "timeoriginalestimate": None,
            "description": description,
            "customfield_10014": None,
            "customfield_10015": None,
            "timetracking": {},
            "security": None,
            "attachment": [],
            "aggregatetimeestimate": None,
            "summary": issue.summary,
            "creator": jb.user(issue.reporter, v3),
            "subtasks": [_issue_ref(jb, s, v3) for s in issue.children if s.type == "Sub-task"],
            "reporter": jb.user(issue.reporter, v3),
            "customfield_10001": None,
            "aggregateprogress": {"progress": 0, "total": 0},
            "environment": None,
            "duedate": None,
            "progress": {"progress": 0, "total": 0},
            "votes": {"self": f"{api}/issue/{issue.key}/votes", "votes": 0, "hasVoted": False},
            "comment": {
                "comments": comments,
                "self": f"{api}/issue/{issue.id}/comment",
                "maxResults": len(comments),
                "total": len(comments),
                "startAt": 0,
            },
            "worklog": {"startAt": 0, "maxResults": 20, "total": 0, "worklogs": []},
        }
    )
    return {
        "expand": "operations,versionedRepresentations,editmeta,changelog,renderedFields",
        "id": issue.id,
        "self": f"{api}/issue/{issue.id}",
        "key": issue.key,
        "fields": fields,
        "changelog": {
            "startAt": 0,
            "maxResults": len(histories),
            "total": len(histories),
            "histories": histories,
        },
    }


def _event_ids(jb: JiraBuilder) -> tuple[dict, dict]:
    """History and comment ids increase with time across the project, as Jira's do."""
    hs = sorted(
        ((h[0], i.key, n) for i in jb.issues for n, h in enumerate(i.histories)),
        key=lambda x: x[:2],
    )
    by_key = {i.key: i for i in jb.issues}
    history_ids = {id(by_key[k].histories[n]): str(31200 + j) for j, (_, k, n) in enumerate(hs)}
    cs = sorted(
        ((c[0], i.key, n) for i in jb.issues for n, c in enumerate(i.comments)), key=lambda x: x[:2]
    )
    comment_ids = {id(by_key[k].comments[n]): str(20100 + j) for j, (_, k, n) in enumerate(cs)}
    return history_ids, comment_ids


def jira_search_json(jb: JiraBuilder) -> dict:
    _assign_ranks(jb)
    history_ids, comment_ids = _event_ids(jb)
    issues = sorted(
        jb.issues, key=lambda i: int(i.key.split("-")[1]), reverse=True
    )  # ORDER BY key DESC
    return {
        "expand": "names,schema",
        "startAt": 0,
        "maxResults": len(issues),
        "total": len(issues),
        "issues": [jira_issue_json(jb, i, history_ids, comment_ids) for i in issues],
        "names": J_NAMES,
    }


def jira_csv_text(jb: JiraBuilder) -> str:
    """The same issues as Jira's "Export CSV (all fields)": repeated columns, Jira's date format."""
    issues = sorted(jb.issues, key=lambda i: int(i.key.split("-")[1]), reverse=True)
    n_labels = max(1, max(len(i.labels) for i in issues))
    n_watchers = max(len(i.watchers) for i in issues)
    n_sprints = max(1, max(len(i.sprints) for i in issues))
    n_comments = max(1, max(len(i.comments) for i in issues))
    header = (
        [
            "Summary",
            "Issue key",
            "Issue id",
            "Issue Type",
            "Status",
            "Project key",
            "Project name",
            "Project type",
            "Project lead",
            "Project lead id",
            "Project description",
            "Priority",
            "Resolution",
            "Assignee",
            "Assignee Id",
            "Reporter",
            "Reporter Id",
            "Creator",
            "Creator Id",
            "Created",
            "Updated",
            "Last Viewed",
            "Resolved",
            "Due date",
            "Votes",
        ]
        + ["Labels"] * n_labels
        + ["Description", "Environment"]
        + ["Watchers"] * n_watchers
        + ["Watchers Id"] * n_watchers
        + [
            "Original estimate",
            "Remaining Estimate",
            "Time Spent",
            "Work Ratio",
            "Σ Original Estimate",
            "Σ Remaining Estimate",
            "Σ Time Spent",
            "Security Level",
            "Attachment",
            "Custom field (Development)",
            "Custom field (Issue color)",
            "Custom field (Rank)",
        ]
        + ["Sprint"] * n_sprints
        + [
            "Custom field (Start date)",
            "Custom field (Story point estimate)",
            "Custom field (Team)",
        ]
        + ["Comment"] * n_comments
        + ["Status Category", "Status Category Changed", "Parent", "Parent key", "Parent summary"]
    )
    lead = jb.people["ines"]

    def who(key: str | None) -> list[str]:
        return [jb.people[key]["displayName"], jb.people[key]["accountId"]] if key else ["", ""]

    def pad(values: list[str], n: int) -> list[str]:
        return values + [""] * (n - len(values))

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for i in issues:
        has_points = any(it["field"] == "Story point estimate" for h in i.histories for it in h[2])
        row = [
            i.summary,
            i.key,
            i.id,
            i.type,
            i.status,
            "PAY",
            "Payments",
            "software",
            lead["displayName"],
            lead["accountId"],
            "",
            i.priority,
            "Done" if i.resolved else "",
        ]
        row += who(i.assignee) + who(i.reporter) + who(i.reporter)
        row += [
            jira_csv_time(i.created),
            jira_csv_time(i.last),
            "",
            jira_csv_time(i.resolved),
            "",
            "0",
        ]
        row += pad(list(i.labels), n_labels)
        row += [blocks_to_wiki(i.blocks), ""]
        row += pad([jb.people[w]["displayName"] for w in i.watchers], n_watchers)
        row += pad([jb.people[w]["accountId"] for w in i.watchers], n_watchers)
        row += ["", "", "", "", "", "", "", "", "", "", "", i.rank]
        row += pad([f"PAY Sprint {k}" for k in i.sprints], n_sprints)
        row += ["", str(float(i.points)) if has_points else "", ""]
        row += pad(
            [
                f"{jira_csv_time(t)};{jb.people[p]['accountId']};{jb.comment_wiki(text)}"
                for t, p, text in i.comments
            ],
            n_comments,
        )
        row += [J_STATUSES[i.status][4], jira_csv_time(i.status_changed or i.created)]
        row += [i.parent.id, i.parent.key, i.parent.summary] if i.parent else ["", "", ""]
        writer.writerow(row)
    return buf.getvalue()


# ================================================================================================
# Output
# ================================================================================================


def _one_issue_per_line(search: dict) -> str:
    """Compact JSON like the REST API returns, but one issue per line so that diffs stay readable."""
    parts = []
    for key, value in search.items():
        if key == "issues":
            body = ",\n".join(json.dumps(i, ensure_ascii=False) for i in value)
            parts.append(f'"issues": [\n{body}\n]')
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{" + ",\n".join(parts) + "}\n"


def render_all() -> dict[str, bytes]:
    """Every sample file name -> its exact bytes. Pure: same bytes on every run and machine."""
    trello = build_trello(random.Random(SEED))
    jb = build_jira(random.Random(SEED + 1))
    jira_json = jira_search_json(jb)  # assigns ranks used by the CSV too
    return {
        TRELLO_FILE: (json.dumps(trello, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        JIRA_JSON_FILE: _one_issue_per_line(jira_json).encode("utf-8"),
        JIRA_CSV_FILE: jira_csv_text(jb).encode("utf-8"),
    }


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in render_all().items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python examples/make_samples.py [OUT_DIR]")
        print("\n".join(__doc__.split("\n\n")[:2]))
        return 0 if args and args[0] in ("-h", "--help") else 2
    out_dir = Path(args[0]) if args else HERE
    for path in write_all(out_dir):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
