# Les mots du portail en français. Chaque message de ce fichier existe aussi dans les versions
# anglaise et néerlandaise (un test le vérifie). Les valeurs entre { $accolades } sont
# remplies par le portail.

nav-skip = Aller au contenu
nav-label = Menu principal
nav-home = Cycles
nav-board = Retour au tableau de bord
nav-checklist = Check-list des indicateurs
nav-published = Rapports publiés
nav-users = Utilisateurs
nav-audit = Journal d'audit
nav-logout = Se déconnecter

role-coordinator = Coordinateur
role-contributor = Contributeur
role-reviewer = Relecteur
role-field = Utilisateur de terrain
role-reader = Lecteur

status-open = Ouvert
status-submitted = Soumis
status-approved = Approuvé
status-sent_back = Renvoyé
status-comment = Commentaire

severity-error = Erreur
severity-warning = Avertissement
severity-info = Information

login-title = Se connecter
login-intro = Rapporteur rassemble les chiffres et les textes des acteurs de la lutte contre la traite et le trafic des êtres humains. Connectez-vous avec le compte que votre coordinateur vous a remis.
login-name = Nom du compte
login-password = Mot de passe
login-submit = Se connecter
login-refused = Le nom du compte ou le mot de passe est incorrect.
login-throttled = Trop de tentatives échouées. Attendez quinze minutes avant de réessayer, ou adressez-vous au coordinateur.

home-title = Cycles de rapportage
home-cycles = Les cycles du catalogue
home-cycle = Cycle
home-state = État
home-open = Collecte ouverte
home-not-open = Pas encore ouvert
home-open-cycle = Ouvrir la collecte

board-title = Ce que chaque acteur doit fournir, et où il en est
board-actor = Acteur
board-item = Transmission ou texte
board-deadline = Échéance
board-delivered = Fourni
board-validation = Validation
board-status = Statut
board-actions = Actions
board-late = en retard
board-yes = oui
board-no = non
board-errors = { $count } erreur(s)
board-warnings = { $count } avertissement(s)
board-unexplained = { $count } sans explication
board-clean = aucun constat
board-empty = Rien n'est encore attribué dans ce cycle.
board-compile = Compiler le rapport
board-summary = Par acteur
board-owed = Dus
board-failing = En erreur

assign-title = Attribuer
assign-cube = Transmission
assign-section = Section du rapport
assign-actor = Acteur
assign-deadline = Échéance
assign-submit-cube = Attribuer la transmission
assign-submit-section = Attribuer la section

action-submit = Soumettre pour relecture
action-review = Relire
action-approve = Approuver
action-send-back = Renvoyer

review-title = Relecture
review-comment = Commentaire (obligatoire pour renvoyer)

return-grid = Valeurs saisies, par code et par période
return-stated = déclaré :
return-save = Enregistrer les valeurs
return-new-row = Nouvelle ligne
return-controls = Totaux et chiffres mentionnés dans le texte (vérifiés par rapport aux valeurs)
return-period = Période
return-cell = Cellule
return-kind = Type
return-value = Valeur
return-kind-control = total déclaré
return-kind-pct = pourcentage déclaré
return-whole = transmission entière
return-findings = Constats de la validation
return-no-findings = La validation ne relève rien à corriger dans cette transmission.
return-explained = Explication
return-explain = Expliquer ce constat
return-explain-submit = Enregistrer l'explication
return-upload = Charger un fichier
return-upload-help = Un fichier CSV (virgule ou point-virgule, tout encodage Excel) ou un classeur Excel, une ligne par valeur, avec les colonnes cube, period, les dimensions et value. Il remplace les valeurs des périodes qu'il contient.
return-file = Fichier
return-upload-submit = Charger
return-no-file = Choisissez un fichier à charger.
return-refused = Le fichier a été refusé ; rien n'a été enregistré
return-not-assigned = Cette transmission n'est pas attribuée dans ce cycle : elle peut être saisie, mais pas soumise.
return-total = Total
return-explain-summary = Expliquer

problem-sheet = feuille { $sheet }
problem-row = ligne { $row }
problem-column = colonne { $column }

text-language = Texte en
text-markdown = Texte (Markdown)
text-preview = Aperçu
text-save = Enregistrer
text-preview-title = Aperçu
text-empty = Pas encore de texte.

account-title = Mon compte
account-password = Changer mon mot de passe
account-password-help = Au moins { $count } caractères. Toutes les sessions de votre compte prennent fin : vous vous reconnectez avec le nouveau mot de passe.
account-current = Mot de passe actuel
account-new = Nouveau mot de passe
account-submit = Changer le mot de passe
users-title = Utilisateurs
users-list = Comptes
users-name = Nom du compte
users-password = Mot de passe (au moins 12 caractères)
users-role = Rôle
users-actor = Acteur
users-active = peut se connecter
users-language = Langue
users-change = Modifier
users-save = Enregistrer
users-add = Nouveau compte
users-add-submit = Créer le compte
users-help = Les contributeurs, les relecteurs et les utilisateurs de terrain travaillent pour un acteur ; le coordinateur et les lecteurs, pour aucun.
users-reset = Définir un nouveau mot de passe
users-new-password = Nouveau mot de passe
users-reset-submit = Définir

audit-title = Journal d'audit
audit-filter = Qui, action ou objet
audit-search = Filtrer
audit-count = { $count } entrées
audit-caption = Chaque modification et chaque consultation de données individuelles, de la plus récente à la plus ancienne
audit-when = Quand
audit-who = Qui
audit-action = Action
audit-what = Objet
audit-before = Avant
audit-after = Après
audit-pages = Pages du journal d'audit
audit-newer = Plus récentes
audit-older = Plus anciennes

report-title = Rapport
report-build = Générer le rapport
report-build-help = Valide le cycle, calcule chaque tableau et chaque graphique, et met en page le rapport en HTML, PDF et XLSX. La mise en page prend un moment.
report-language = Langue
report-build-submit = Générer
report-builds = Fichiers générés
report-built-at = Généré le
report-format = Format
report-size = Octets
report-state = État
report-published = publié
report-publish = Publier
report-annex = Annexe sur la qualité des données
report-annex-summary = La validation donne { $count } constat(s) ;
report-annex-errors = dont { $count } erreur(s).

published-title = Rapports publiés
published-none = Aucun rapport n'est encore publié.
published-caption = Fichiers publiés

flash-saved = Enregistré.
flash-unchanged = Aucune modification : exactement ces valeurs étaient déjà enregistrées.
flash-explained = L'explication est enregistrée.
flash-submitted = Soumis pour relecture.
flash-approved = Approuvé ; la soumission est verrouillée.
flash-sent-back = Renvoyé avec votre commentaire.
flash-assigned = Attribué.
flash-cycle-opened = La collecte est ouverte pour ce cycle.
flash-user-added = Le compte est créé.
flash-user-updated = Le compte est modifié.
flash-built = Le rapport est généré.
flash-published = Publié.
flash-preview = Aperçu uniquement : le texte n'est pas encore enregistré.
flash-password-changed = Votre mot de passe est changé. Connectez-vous avec le nouveau.
flash-password-reset = Le nouveau mot de passe est défini ; les sessions du compte ont pris fin.

error-title = Refusé
error-back = Retour à la page d'accueil
error-session = Votre session a expiré ou est absente. Veuillez vous reconnecter.
error-csrf = Ce formulaire n'est plus à jour (son jeton de sécurité ne correspond pas). Rechargez la page et réessayez.
error-too-large = Le fichier est trop volumineux.
error-forbidden = Vous n'êtes pas autorisé à effectuer cette action.
error-internal = Une erreur s'est produite sur le serveur. Communiquez à l'administrateur ce numéro d'incident : { $incident }. Le journal du serveur en donne le détail sous ce numéro.
error-not-found = Cette page n'existe pas.
error-unknown-cycle = Le cycle { $cycle } n'existe pas.
error-unknown-finding = Il n'y a pas de constat { $key } dans ce cycle.
error-empty-explanation = Une explication ne peut pas être vide : indiquez pourquoi les chiffres sont ce qu'ils sont.
error-unknown-language = Langue inconnue : { $lang }.
error-name-taken = Le nom de compte { $name } est déjà utilisé.
error-bad-name = Un nom de compte comporte de 3 à 64 lettres, chiffres, points, tirets ou traits de soulignement.
error-weak-password = Un mot de passe doit compter au moins { $min } caractères.
error-role-needs-actor = Le rôle { $role } travaille pour un acteur : choisissez-le.
error-role-has-no-actor = Le rôle { $role } ne travaille pour aucun acteur : laissez le champ acteur vide.
error-unknown-actor = L'acteur { $actor } n'existe pas.
error-unknown-item = Introuvable : { $kind } { $item }.
error-bad-date = Une échéance est une date (AAAA-MM-JJ), et non { $date }.
error-cycle-not-open = La collecte du cycle { $cycle } n'est pas ouverte.
error-locked = { $item } est soumis ou approuvé, et donc verrouillé ; un relecteur doit le renvoyer avant toute modification.
error-not-assigned = { $item } n'est pas attribué à cet acteur dans ce cycle.
error-bad-transition = { $item } ne peut pas passer de l'état { $from } à l'état { $to }.
error-nothing-delivered = { $item } ne contient encore aucune donnée : saisissez ou chargez d'abord la transmission.
error-unexplained = { $item } présente { $count } erreur(s) ou avertissement(s) sans explication : corrigez les valeurs ou expliquez chaque constat.
error-comment-needed = Pour renvoyer, un commentaire indiquant ce qu'il faut modifier est nécessaire.
error-other-actors = Le fichier contient des transmissions d'autres acteurs ({ $cubes }) ; ne chargez que vos propres transmissions.
error-not-owner = La transmission { $cube } incombe à son propriétaire, { $owner } ; attribuez-la à cet acteur.
error-wrong-password = Le mot de passe actuel est erroné.
