# The indicator checklist's words.
