#!/usr/bin/env bash
# Adds an EF Core migration named NAME for both store providers: SQLite (src/Lewel.Data/Migrations) and PostgreSQL
# (src/Lewel.Data.Postgres/Migrations). EF keeps one migration history per provider, so every change to the model
# needs both; run this after changing an entity or its configuration, then build and check in the generated files.
#   scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ] || [[ ! "$1" =~ ^[A-Za-z][A-Za-z0-9_]*$ ]]; then
  echo "usage: scripts/add-migration.sh NAME   (NAME: letters, digits and _, starting with a letter)" >&2
  exit 2
fi
name=$1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
timeout 300 dotnet tool restore >/dev/null
echo "== SQLite: src/Lewel.Data/Migrations"
timeout 900 dotnet dotnet-ef migrations add "$name" --project src/Lewel.Data --startup-project src/Lewel.Data
echo "== PostgreSQL: src/Lewel.Data.Postgres/Migrations"
timeout 900 dotnet dotnet-ef migrations add "$name" --project src/Lewel.Data.Postgres \
  --startup-project src/Lewel.Data.Postgres --output-dir Migrations
