# Ringside: the two set-up commands are `make demo` and `make test` (see README.md).
# Each creates .venv and installs what it needs; system packages come from apt-get
# when run as root, otherwise the exact apt command is printed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
APT_PACKAGES := xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 \
	libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-xkb1 \
	libxkbcommon-x11-0 libegl1 libgl1 libpulse0 libdbus-1-3 libfontconfig1 \
	desktop-file-utils xdg-utils dbus gnome-keyring fonts-dejavu-core
# the test suite also runs a private MariaDB (FreePBX CDR layout) and a gnome-keyring Secret Service;
# the live groups (tests/live) run the real Asterisk lab of ../shared/asterisk: two baresip phones,
# sipp as customer/carrier, the prompts, and unshare/ip for their private network namespace
LIVE_APT_PACKAGES := baresip-core sip-tester asterisk-core-sounds-en asterisk-core-sounds-en-wav \
	util-linux iproute2
TEST_APT_PACKAGES := $(APT_PACKAGES) mariadb-server-core mariadb-client-core openbox nats-server \
	$(LIVE_APT_PACKAGES)

.PHONY: demo test test-live lint check bench screenshots package translations sysdeps venv clean

demo: sysdeps $(STAMP)
	$(VENV)/bin/ringside demo

test: APT_PACKAGES := $(TEST_APT_PACKAGES)
test: sysdeps $(STAMP)
	$(VENV)/bin/ruff check core desktop gateway cli tests benchmarks
	$(VENV)/bin/ruff format --check core desktop gateway cli tests benchmarks packaging
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy core
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -p no:cacheprovider
	$(PY) -m tests.live.run -q

# only the live groups (a real Asterisk in a private namespace; needs root, see tests/live/run.py)
test-live: APT_PACKAGES := $(TEST_APT_PACKAGES)
test-live: sysdeps $(STAMP)
	$(PY) -m tests.live.run -q

bench: $(STAMP)
	for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

screenshots: sysdeps $(STAMP)
	$(PY) -m desktop.screenshots docs/screenshots

package: sysdeps $(STAMP)
	$(VENV)/bin/pip install -q -e '.[dev,package]'
	$(VENV)/bin/pyinstaller --noconfirm --clean packaging/ringside.spec

# Refresh the catalogues after changing UI strings; translate new entries with
# pyside6-linguist (ru, uk: everything; en: only plural forms), then `make translations` again.
translations: $(STAMP)
	for l in ru en uk; do $(VENV)/bin/pyside6-lupdate desktop/*.py desktop/ui/*.py \
		-locations relative -no-obsolete -ts resources/translations/ringside_$$l.ts; done
	$(VENV)/bin/python packaging/fill_translations.py resources/translations/ringside_uk.ts \
		resources/translations/pending_uk.json
	$(VENV)/bin/pyside6-lupdate desktop/*.py desktop/ui/*.py -locations relative -no-obsolete \
		-ts resources/translations/ringside_uk.ts
	for l in ru en uk; do $(VENV)/bin/pyside6-lrelease resources/translations/ringside_$$l.ts \
		-qm resources/translations/ringside_$$l.qm; done

sysdeps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing system packages. Run:"; echo "  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
