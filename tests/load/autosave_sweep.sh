#!/bin/sh
# One autosave against the size of the meeting (issue 15: flat, p99 at 800 §§ within 1.5× of
# 10 §§). Ten editors, one save a second each, on meetings of 10, 50, 200, 400 and 800 §§ of
# real size. DATABASE_URL chooses the database (SQLite by default).
#
#     sh tests/load/autosave_sweep.sh [target/release/justera] [seconds]
set -eu
binary=${1:-target/release/justera}
seconds=${2:-15}
here=$(dirname "$0")
for n in 10 50 200 400 800; do
    python3 "$here/autosave.py" --binary "$binary" --editors 10 --paragraphs "$n" --seconds "$seconds" \
        | sed -n '1p;3p'
done
