/* Text fitted to the terminal (lib/render/wrap.c): word boundaries, indents, commands never split. */
#include "testutil.h"

#include <stdio.h>

#include "lib/render/wrap.h"

static char out[4096];

static const char *wrap(unsigned width, const char *lead, unsigned indent, const char *text)
{
	FILE *f;

	memset(out, 0, sizeof(out));
	f = fmemopen(out, sizeof(out) - 1, "w");
	assert_non_null(f);
	vc_wrap(f, width, lead, indent, text);
	fclose(f);
	return out;
}

static const char *block(unsigned width, const char *indent, const char *text)
{
	FILE *f;

	memset(out, 0, sizeof(out));
	f = fmemopen(out, sizeof(out) - 1, "w");
	assert_non_null(f);
	vc_wrap_block(f, width, indent, text);
	fclose(f);
	return out;
}

static void test_no_width(void **state)
{
	(void)state;
	/* into a pipe or a file each logical line stays one line, whatever its length */
	assert_string_equal(wrap(0, "  warning ", 10, "a b c d e f g h i j k l m n o p q r s t u v w x y z"),
			    "  warning a b c d e f g h i j k l m n o p q r s t u v w x y z\n");
	assert_string_equal(wrap(0, "x: ", 3, NULL), "x: \n");
}

static void test_words(void **state)
{
	(void)state;
	/* at word boundaries, continuation lines under the text; no blank left at a line's end */
	assert_string_equal(wrap(30, "  warning ", 10, "The hypervisor holds VT-x since it was loaded."),
			    "  warning The hypervisor holds\n"
			    "          VT-x since it was\n"
			    "          loaded.\n");
	/* a word longer than a line is never split: it gets a line of its own and overflows */
	assert_string_equal(wrap(24, "  ", 4, "see /sys/module/kvm_intel/parameters/enable_virt_at_load now"),
			    "  see\n"
			    "    /sys/module/kvm_intel/parameters/enable_virt_at_load\n"
			    "    now\n");
	/* blanks inside a line are kept where the line does not break */
	assert_string_equal(wrap(40, "", 2, "one   two"), "one   two\n");
}

static void test_commands(void **state)
{
	(void)state;
	/* a command at the start runs to a gap of three blanks, and is never split */
	assert_string_equal(wrap(40, "  fix: ", 4,
				 "sudo modprobe -r kvm_intel kvm && sudo modprobe kvm_intel   (then retry)"),
			    "  fix:\n"
			    "    sudo modprobe -r kvm_intel kvm && sudo modprobe kvm_intel\n"
			    "    (then retry)\n");
	/* after ": " in prose too */
	assert_string_equal(
		wrap(44, "", 2, "Unload KVM while you use VirtualBox: sudo modprobe -r kvm_amd kvm"),
		"Unload KVM while you use VirtualBox:\n"
		"  sudo modprobe -r kvm_amd kvm\n");
	/* not every word is a command: prose after ": " wraps as prose */
	assert_string_equal(wrap(24, "", 2, "Note: the module is loaded at boot"), "Note: the module is\n"
										   "  loaded at boot\n");
	/* text in backticks is one unit, with what sticks to it */
	assert_string_equal(wrap(36, "", 2, "then run `sudo update-grub && sudo reboot`, and wait"),
			    "then run\n"
			    "  `sudo update-grub && sudo reboot`,\n"
			    "  and wait\n");
	/* an unclosed backtick quotes nothing */
	assert_string_equal(wrap(20, "", 2, "a `b c d e f g h i j k"), "a `b c d e f g h i j\n  k\n");
}

static void test_lead(void **state)
{
	(void)state;
	/* colours in the lead take no columns */
	assert_string_equal(wrap(22, "\033[1mfix:\033[0m ", 5, "one two three four"),
			    "\033[1mfix:\033[0m one two three\n     four\n");
	/* a first word that does not fit leaves the lead alone on its line, without its blank */
	assert_string_equal(wrap(20, "  evidence: ", 4, "abcdefghijklmnop"),
			    "  evidence:\n    abcdefghijklmnop\n");
	/* a newline in the text starts a line at indent with its own leading blanks */
	assert_string_equal(wrap(60, "  fix: ", 4, "add to .wslconfig:\n  [wsl2]\nthen restart"),
			    "  fix: add to .wslconfig:\n      [wsl2]\n    then restart\n");
	/* too narrow to wrap into: as it is */
	assert_string_equal(wrap(12, "  ", 2, "a b c d e f g h"), "  a b c d e f g h\n");
}

static void test_block(void **state)
{
	(void)state;
	/* each line wraps under its own text: past its blanks and a "- " bullet */
	assert_string_equal(
		block(30, "  ",
		      "- KVM is built in: it cannot be unloaded.\n  Persist it: sudo grubby --args=x\n"),
		"  - KVM is built in: it cannot\n"
		"    be unloaded.\n"
		"    Persist it:\n"
		"    sudo grubby --args=x\n");
	assert_string_equal(block(30, "  ", NULL), "");
}

static const char *line(unsigned width, const char *lead, const char *on, const char *off, const char *text)
{
	FILE *f;

	memset(out, 0, sizeof(out));
	f = fmemopen(out, sizeof(out) - 1, "w");
	assert_non_null(f);
	vc_wrap_line(f, width, lead, 2, on, off, text);
	fclose(f);
	return out;
}

static void test_sane(void **state)
{
	(void)state;
	/* text is from outside: its controls shown escaped, its newlines still line breaks */
	assert_string_equal(wrap(0, "  ", 2, "pid 7 (qemu-system-\033c)\nnext"),
			    "  pid 7 (qemu-system-\\x1bc)\nnext\n");
	assert_string_equal(wrap(30, "  ", 4, "a \033]0;x\007 b\nc"), "  a \\x1b]0;x\\x07 b\n    c\n");
	/* the lead is the renderer's: its colours stay */
	assert_string_equal(wrap(0, "\033[1mfix:\033[0m ", 5, "\033[8m"), "\033[1mfix:\033[0m \\x1b[8m\n");
	/* one line: a newline in it escaped too, the style around it */
	assert_string_equal(line(0, "  ", "\033[2m", "\033[0m", "a\nb\033"), "  \033[2ma\\nb\\x1b\033[0m\n");
	assert_string_equal(line(40, "  evidence: ", "<", ">", "x\ny"), "  evidence: <x\\ny>\n");
	/* block lines too */
	assert_string_equal(block(0, "  ", "- a\033b\n"), "  - a\\x1bb\n");
}

static void test_cols(void **state)
{
	(void)state;
	assert_int_equal(vc_text_cols("abc", 3), 3);
	assert_int_equal(vc_text_cols("\xc3\xa9t\xc3\xa9", 5), 3); /* été */
	assert_int_equal(vc_text_cols("\033[1;31mred\033[0m", 14), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_width), cmocka_unit_test(test_words),
		cmocka_unit_test(test_commands), cmocka_unit_test(test_lead),
		cmocka_unit_test(test_block),	 cmocka_unit_test(test_cols),
		cmocka_unit_test(test_sane),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
