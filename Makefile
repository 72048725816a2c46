# The two set-up commands of the README. Each creates its own virtual environment.
.PHONY: demo test
demo:
	bash scripts/demo.sh
test:
	bash scripts/check.sh
