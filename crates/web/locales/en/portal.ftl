# The portal's words in English. Every message here exists in nl.ftl and fr.ftl too (a test
# checks). Values in { $braces } are filled in by the portal.

nav-skip = Skip to the content
nav-label = Main menu
nav-home = Cycles
nav-board = Back to the board
nav-checklist = Indicator checklist
nav-published = Published reports
nav-users = Users
nav-audit = Audit log
nav-logout = Log out

role-coordinator = Coordinator
role-contributor = Contributor
role-reviewer = Reviewer
role-field = Field user
role-reader = Reader

status-open = Open
status-submitted = Submitted
status-approved = Approved
status-sent_back = Sent back
status-comment = Comment

severity-error = Error
severity-warning = Warning
severity-info = Information

login-title = Log in
login-intro = Rapporteur collects the figures and texts of the actors in the fight against trafficking in and smuggling of human beings. Log in with the account your coordinator gave you.
login-name = Account name
login-password = Password
login-submit = Log in
login-refused = The account name or the password is wrong.
login-throttled = Too many failed attempts. Wait fifteen minutes and try again, or ask the coordinator.

home-title = Reporting cycles
home-cycles = The cycles of the catalog
home-cycle = Cycle
home-state = State
home-open = Open for collection
home-not-open = Not open yet
home-open-cycle = Open for collection

board-title = What each actor owes, and where it stands
board-actor = Actor
board-item = Return or text
board-deadline = Deadline
board-delivered = Delivered
board-validation = Validation
board-status = Status
board-actions = Actions
board-late = late
board-yes = yes
board-no = no
board-errors = { $count } error(s)
board-warnings = { $count } warning(s)
board-unexplained = { $count } without explanation
board-clean = no findings
board-empty = Nothing is assigned in this cycle yet.
board-compile = Compile the report

assign-title = Assign
assign-cube = Return
assign-section = Report section
assign-actor = Actor
assign-deadline = Deadline
assign-submit-cube = Assign the return
assign-submit-section = Assign the section

action-submit = Submit for review
action-review = Review
action-approve = Approve
action-send-back = Send back

review-title = Review
review-comment = Comment (required to send back)

return-grid = Values entered, by code and period
return-stated = stated:
return-save = Save the values
return-new-row = New line
return-controls = Totals and figures stated in the text (checked against the values)
return-period = Period
return-cell = Cell
return-kind = Kind
return-value = Value
return-kind-control = stated total
return-kind-pct = stated percentage
return-whole = whole return
return-findings = Findings of the validation
return-no-findings = The validation finds nothing to correct in this return.
return-explained = Explanation
return-explain = Explain this finding
return-explain-submit = Save the explanation
return-upload = Upload a file
return-upload-help = A CSV file (comma or semicolon, any Excel encoding) or an Excel workbook, one line per value, with the columns cube, period, the dimensions and value. It replaces the values of the periods it holds.
return-file = File
return-upload-submit = Upload
return-no-file = Choose a file to upload.
return-refused = The file was refused; nothing was stored
return-not-assigned = This return is not assigned in this cycle: it can be entered, but not submitted.

problem-sheet = sheet { $sheet }
problem-row = row { $row }
problem-column = column { $column }

text-language = Text in
text-markdown = Text (Markdown)
text-preview = Preview
text-save = Save
text-preview-title = Preview
text-empty = No text yet.

users-title = Users
users-list = Accounts
users-name = Account name
users-password = Password (at least 12 characters)
users-role = Role
users-actor = Actor
users-active = may log in
users-language = Language
users-change = Change
users-save = Save
users-add = New account
users-add-submit = Create the account
users-help = Contributors, reviewers and field users work for one actor; the coordinator and readers for none.

audit-title = Audit log
audit-filter = Who, action or what
audit-search = Filter
audit-count = { $count } entries
audit-caption = Every change and every read of record-level data, newest first
audit-when = When
audit-who = Who
audit-action = Action
audit-what = What
audit-before = Before
audit-after = After
audit-pages = Pages of the audit log
audit-newer = Newer
audit-older = Older

report-title = Report
report-build = Build the report
report-build-help = Validates the cycle, computes every table and chart, and typesets the report as HTML, PDF and XLSX. Typesetting takes a moment.
report-language = Language
report-build-submit = Build
report-builds = Built files
report-built-at = Built at
report-format = Format
report-size = Bytes
report-state = State
report-published = published
report-publish = Publish
report-annex = Data-quality annex
report-annex-summary = The validation gives { $count } finding(s);
report-annex-errors = { $count } of them are errors.

published-title = Published reports
published-none = No report is published yet.
published-caption = Published files

flash-saved = Saved.
flash-unchanged = Nothing changed: the store already held exactly these values.
flash-explained = The explanation is saved.
flash-submitted = Submitted for review.
flash-approved = Approved; the submission is locked.
flash-sent-back = Sent back with your comment.
flash-assigned = Assigned.
flash-cycle-opened = The cycle is open for collection.
flash-user-added = The account is created.
flash-user-updated = The account is changed.
flash-built = The report is built.
flash-published = Published.
flash-preview = Preview only: the text is not saved yet.

error-title = Refused
error-back = Back to the start page
error-session = Your session has expired or is missing. Log in again.
error-csrf = This form is out of date (its security token does not match). Reload the page and try again.
error-too-large = The file is too large.
error-forbidden = You may not do this.
error-not-found = This page does not exist.
error-unknown-cycle = There is no cycle { $cycle }.
error-unknown-finding = There is no finding { $key } in this cycle.
error-empty-explanation = An explanation cannot be empty: say why the figures are as they are.
error-unknown-language = Unknown language { $lang }.
error-name-taken = The account name { $name } is taken.
error-bad-name = An account name is 3 to 64 letters, digits, dots, dashes or underscores.
error-weak-password = A password needs at least { $min } characters.
error-role-needs-actor = A { $role } works for one actor: choose it.
error-role-has-no-actor = A { $role } works for no actor: leave the actor empty.
error-unknown-actor = There is no actor { $actor }.
error-unknown-item = There is no { $kind } { $item }.
error-bad-date = A deadline is a date (YYYY-MM-DD), not { $date }.
error-cycle-not-open = Cycle { $cycle } is not open for collection.
error-locked = { $item } is submitted or approved and locked; a reviewer must send it back before it can change.
error-not-assigned = { $item } is not assigned to this actor in this cycle.
error-bad-transition = { $item } cannot go from { $from } to { $to }.
error-nothing-delivered = { $item } has no data yet: enter or upload the return first.
error-unexplained = { $item } has { $count } error(s) or warning(s) without an explanation: correct the values or explain each finding.
error-comment-needed = Sending back needs a comment that says what to change.
error-other-actors = The file holds returns of other actors ({ $cubes }); upload only your own returns.
error-not-owner = The return { $cube } is owed by its owner, { $owner }; assign it to that actor.
