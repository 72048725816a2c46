# The set-up commands of the README. Each creates the virtual environment it needs.
.PHONY: demo check docs test
demo:
	bash scripts/demo.sh
check:
	bash scripts/check.sh --quick
docs:
	bash scripts/check.sh --docs
test:
	bash scripts/check.sh
