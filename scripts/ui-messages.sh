#!/usr/bin/env bash
# Refresh the project-level Swedish catalogue (vplan/locale) of the web interface's own text:
# vplan/templates, vplan/front, and the pages of the plans and followups apps. The apps' models
# and operations keep their own catalogues (vplan/<app>/locale). Then fill in msgstr and run
#   (cd vplan && ../.venv/bin/vplan compilemessages -l sv --ignore '*/site-packages/*')
set -euo pipefail
cd "$(dirname "$0")/../vplan"
mkdir -p locale
VPLAN="${VPLAN:-../.venv/bin/vplan}"
ignores=()
for pattern in api audit demo exchange imports lineage objectplans organisation overviews reports \
  search migrations tests management locale static models.py admin.py editing.py rounds.py \
  progress.py reporting.py end_dates.py fields.py settings.py factories.py apps.py cli.py csp.py \
  urls.py wsgi.py rollover.py; do
  ignores+=(--ignore "$pattern")
done
"$VPLAN" makemessages -l sv --no-obsolete --add-location file "${ignores[@]}"
