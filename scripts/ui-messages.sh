#!/usr/bin/env bash
# Refresh the web interface's Swedish catalogue, vplan/front/locale: the text of vplan/templates,
# vplan/front, and the pages of the plans and followups apps (their views, forms and templates).
# The apps' models and operations keep their own catalogues (vplan/<app>/locale).
# Afterwards fill in the empty msgstr and run
#   (cd vplan/front && ../../.venv/bin/vplan compilemessages -l sv)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
VPLAN="${VPLAN:-$root/.venv/bin/vplan}"
# A developer's tool run outside the checkout: the development key (Vplan refuses to start without one).
export VPLAN_DEBUG="${VPLAN_DEBUG:-true}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# makemessages reads the folder it runs in: give it one holding only the interface's files.
mkdir -p "$work/plans" "$work/followups" "$work/front"
ln -s "$root/vplan/templates" "$work/templates"
ln -s "$root/vplan/front/locale" "$work/locale"
for name in views.py templatetags templates; do
  ln -s "$root/vplan/front/$name" "$work/front/$name"
done
for app in plans followups; do
  ln -s "$root/vplan/$app/templates" "$work/$app/templates"
done
ln -s "$root/vplan/plans/views.py" "$root/vplan/plans/forms.py" "$root/vplan/plans/outline.py" "$work/plans/"
for name in views.py forms.py entry_grid.py; do
  ln -s "$root/vplan/followups/$name" "$work/followups/$name"
done
for optional in plans/editing_forms.py plans/editing_views.py; do
  if [ -f "$root/vplan/$optional" ]; then ln -s "$root/vplan/$optional" "$work/$optional"; fi
done
cd "$work"
"$VPLAN" makemessages -l sv --symlinks --no-obsolete --add-location file
