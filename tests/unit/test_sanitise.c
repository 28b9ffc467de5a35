/* Strings from outside made safe to show, words quoted for the shell (lib/base/sanitise.c), the JSON
 * writer's strings (lib/model/val.c) and Prometheus label values (lib/render/json.c). */
#include "testutil.h"

#include <stdio.h>

#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/model/val.h"
#include "lib/render/render.h"

static char out[1024];

static const char *sane(const char *s, unsigned flags)
{
	char *r = vc_sane(s, flags);

	snprintf(out, sizeof(out), "%s", r);
	free(r);
	return out;
}

static void test_controls(void **state)
{
	(void)state;
	/* the process name of issue 16: its ESC shown, not sent to the terminal */
	assert_string_equal(sane("qemu-system-\033c", 0), "qemu-system-\\x1bc");
	assert_string_equal(sane("a\tb\rc\nd", 0), "a\\tb\\rc\\nd");
	assert_string_equal(sane("a\tb\rc\nd", VC_SANE_KEEP_NL), "a\\tb\\rc\nd");
	assert_string_equal(sane("\x01\x07\x08\x7f", 0), "\\x01\\x07\\x08\\x7f");
	assert_string_equal(sane("\033]0;owned\007", VC_SANE_KEEP_NL), "\\x1b]0;owned\\x07");
	/* printable text, UTF-8 and backslashes as they are */
	assert_string_equal(sane("printf 'x\\n' | tee \"é\" ~/VirtualBox VMs", 0),
			    "printf 'x\\n' | tee \"é\" ~/VirtualBox VMs");
	assert_string_equal(sane("", 0), "");
	assert_null(vc_sane(NULL, 0));
}

static void test_utf8(void **state)
{
	(void)state;
	/* C1 controls as UTF-8 (CSI U+009B) and as raw bytes that are not UTF-8 */
	assert_string_equal(sane("a\xc2\x9b"
				 "31mb",
				 0),
			    "a\\u009b31mb");
	assert_string_equal(sane("a\x9b"
				 "31mb",
				 0),
			    "a\\x9b31mb");
	/* invalid sequences, each byte: stray continuation, overlong, surrogate, truncated */
	assert_string_equal(sane("\x80", 0), "\\x80");
	assert_string_equal(sane("\xc0\xaf", 0), "\\xc0\\xaf");
	assert_string_equal(sane("\xed\xa0\x80", 0), "\\xed\\xa0\\x80");
	assert_string_equal(sane("ab\xe2\x82", 0), "ab\\xe2\\x82");
	assert_string_equal(sane("\xf4\x90\x80\x80", 0), "\\xf4\\x90\\x80\\x80");
	/* bidirectional overrides, line separators, noncharacters */
	assert_string_equal(sane("x\xe2\x80\xaey", 0), "x\\u202ey");
	assert_string_equal(sane("x\xe2\x81\xa6y\xe2\x80\xa8", 0), "x\\u2066y\\u2028");
	assert_string_equal(sane("\xef\xbf\xbf", 0), "\\uffff");
	/* valid text of every length passes */
	assert_string_equal(sane("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 0),
			    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_int_equal(vc_utf8_len((const unsigned char *)"\xe2\x82\xac"), 3);
	assert_int_equal(vc_utf8_len((const unsigned char *)"\xe2\x82"), 0);
}

static void test_idempotent(void **state)
{
	static const char *const inputs[] = {
		"qemu-system-\033c", "\x9b\xc2\x9b\xe2\x80\xae", "a\\x1b\n\tb", "\xff\xfe", "plain",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		char *once = vc_sane(inputs[i], VC_SANE_KEEP_NL), *twice = vc_sane(once, VC_SANE_KEEP_NL);

		assert_string_equal(once, twice);
		assert_true(vc_is_sane(once, VC_SANE_KEEP_NL));
		free(once);
		free(twice);
	}
	assert_false(vc_is_sane("a\nb", 0));
	assert_true(vc_is_sane("a\nb", VC_SANE_KEEP_NL));
	assert_true(vc_is_sane(NULL, 0));
}

static void test_file(void **state)
{
	char b[64] = "";
	FILE *f = fmemopen(b, sizeof(b) - 1, "w");

	(void)state;
	assert_non_null(f);
	vc_fputs_sane("pid 7 (\033[2Jx)\n", 0, f);
	vc_fputs_sane(NULL, 0, f);
	fclose(f);
	assert_string_equal(b, "pid 7 (\\x1b[2Jx)\\n");
}

static const char *quote(const char *s)
{
	char *r = vc_shell_quote(s);

	snprintf(out, sizeof(out), "%s", r);
	free(r);
	return out;
}

static void test_shell_quote(void **state)
{
	(void)state;
	/* names that need nothing stay as they are */
	assert_string_equal(quote("carol"), "carol");
	assert_string_equal(quote("kvm"), "kvm");
	assert_string_equal(quote("user@EXAMPLE.COM"), "user@EXAMPLE.COM");
	assert_string_equal(quote("/boot/vmlinuz-6.12.3-amd64+x_1,a=b:c%d"),
			    "/boot/vmlinuz-6.12.3-amd64+x_1,a=b:c%d");
	/* anything else in single quotes; a quote inside closed, escaped and reopened */
	assert_string_equal(quote("car$(id)ol"), "'car$(id)ol'");
	assert_string_equal(quote("a b"), "'a b'");
	assert_string_equal(quote("o'neil"), "'o'\\''neil'");
	assert_string_equal(quote("x;rm -rf ~"), "'x;rm -rf ~'");
	assert_string_equal(quote("`id`"), "'`id`'");
	assert_string_equal(quote("*"), "'*'");
	assert_string_equal(quote(""), "''");
	assert_string_equal(quote(NULL), "''");
	assert_string_equal(quote("\xc3\xa9"), "'\xc3\xa9'");
}

/* A remedy's command names the machine's kernel release: one word, quoted when it needs it. */
static void test_remedy_quotes(void **state)
{
	struct vc_facts f = { .platform.boot_loader = VC_BOOT_KERNEL_CMDLINE };
	struct buf b = { 0 };

	(void)state;
	f.kernel = "6.12.3-amd64";
	vc_remedy_cmdline(&b, &f, "kvm.x=0");
	assert_non_null(strstr(b.data, "`sudo kernel-install add 6.12.3-amd64 /boot/vmlinuz-6.12.3-amd64`"));
	b.len = 0;
	f.kernel = "6.1 $(reboot)";
	vc_remedy_cmdline(&b, &f, "kvm.x=0");
	assert_non_null(
		strstr(b.data, "`sudo kernel-install add '6.1 $(reboot)' '/boot/vmlinuz-6.1 $(reboot)'`"));
	b.len = 0;
	f.kernel = NULL;
	vc_remedy_cmdline(&b, &f, "kvm.x=0");
	assert_non_null(strstr(b.data, "`sudo kernel-install add $(uname -r) /boot/vmlinuz-$(uname -r)`"));
	buf_free(&b);
}

static const char *json(const char *s)
{
	FILE *f;

	memset(out, 0, sizeof(out));
	f = fmemopen(out, sizeof(out) - 1, "w");
	assert_non_null(f);
	vc_json_string(f, s);
	fclose(f);
	return out;
}

static void test_json(void **state)
{
	struct vc_val *v;
	char err[64];

	(void)state;
	/* controls escaped; C1 and bidi controls too (the value parses back the same) */
	assert_string_equal(json("qemu-system-\033c"), "\"qemu-system-\\u001bc\"");
	assert_string_equal(json("a\xc2\x9b"
				 "b\xe2\x80\xae"),
			    "\"a\\u009bb\\u202e\"");
	assert_string_equal(json("\"\\\n\t\x7f"), "\"\\\"\\\\\\n\\t\\u007f\"");
	/* a byte that is not UTF-8: U+FFFD, and the document stays valid */
	assert_string_equal(json("a\x9b"
				 "b\xff"),
			    "\"a\\ufffdb\\ufffd\"");
	assert_string_equal(json("\xc3\xa9"), "\"\xc3\xa9\"");
	assert_int_equal(vc_json_parse("\"a\\u009bb\"", 10, &v, err, sizeof(err)), 0);
	assert_string_equal(vc_get_str(v, ""), "a\xc2\x9b"
					       "b");
	vc_val_free(v);
}

static void test_prometheus(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	ctx->owner.backend = "kvm\"x\\y\nz\033";
	vc_render_prometheus(f, ctx, "0.2.0 \"q\"");
	fclose(f);
	/* the exposition format's escapes: \\, \" and \n; any other control shown as vc_sane does */
	assert_non_null(strstr(text, "virtcheck_info{version=\"0.2.0 \\\"q\\\"\"} 1\n"));
	assert_non_null(strstr(text, ",backend=\"kvm\\\"x\\\\y\\nz\\\\x1b\",confidence="));
	assert_non_null(strstr(text, "virtcheck_findings{severity=\"error\"} 0\n"));
	assert_null(strchr(text, '\033'));
	free(text);
	vc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls),    cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_idempotent),  cmocka_unit_test(test_file),
		cmocka_unit_test(test_shell_quote), cmocka_unit_test(test_remedy_quotes),
		cmocka_unit_test(test_json),	    cmocka_unit_test(test_prometheus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
