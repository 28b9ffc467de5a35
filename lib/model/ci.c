/* Is a CI job running this? Which CI variables are set (never their values), or a runner account. */
#include <string.h>

#include "lib/model/facts.h"

static const struct {
	const char *variable, *name;
} ci_variables[] = {
	{ "GITHUB_ACTIONS", "GitHub Actions" },
	{ "GITLAB_CI", "GitLab CI" },
	{ "BUILDKITE", "Buildkite" },
	{ "TF_BUILD", "Azure Pipelines" },
	{ "CIRCLECI", "CircleCI" },
	{ "JENKINS_URL", "Jenkins" },
	{ "TRAVIS", "Travis CI" },
	{ "CIRRUS_CI", "Cirrus CI" },
	{ "DRONE", "Drone CI" }, /* https://docs.drone.io/pipeline/environment/reference */
	/* google/automotive-design-compose kokoro/gcp_ubuntu/kokoro-setup.sh */
	{ "KOKORO_ARTIFACTS_DIR", "Kokoro" },
	/* LUCI's Swarming bot sets it for every task it runs (luci/luci-py client/swarming.py
	 * reproduce: env['SWARMING_BOT_ID'], as on the bot; the Flutter engine's LUCI scripts read
	 * it; flutter/flutter#170529) */
	{ "SWARMING_BOT_ID", "LUCI (Swarming)" },
	/* set in every Pipelines step (bitbucket.org/blog/bitbucket-pipelines-can-count-builds-numbered;
	 * pulumi pkg/util/ciutil/bitbucket_pipelines.go reads it); docker-android-sdk/android-30#2 */
	{ "BITBUCKET_BUILD_NUMBER", "Bitbucket Pipelines" },
	/* Semaphore 1.x and 2.0 (danger lib/danger/ci_source/semaphore.rb validates_as_ci?) */
	{ "SEMAPHORE", "Semaphore" },
	{ "CI", "CI" },
};

/* The accounts CI systems run jobs as (GitHub's hosted runners: "runner"). */
static const struct {
	const char *user, *name;
} ci_accounts[] = {
	{ "runner", "GitHub Actions" },
	{ "gitlab-runner", "GitLab CI" },
	{ "buildkite-agent", "Buildkite" },
	{ "jenkins", "Jenkins" },
	/* Chrome infrastructure's LUCI bots ("/home/chrome-bot/.cache/vpython-root.1000",
	 * flutter/flutter#170529) */
	{ "chrome-bot", "LUCI (Swarming)" },
};

const char *vc_ci_job(struct vc_host *h, const struct vc_identity *id, const char **ret_why)
{
	char *const *lines;
	size_t n;

	if (ret_why)
		*ret_why = NULL;
	if (vc_host_lines(h, "env", &lines, &n) == 0)
		for (size_t v = 0; v < ARRAY_SIZE(ci_variables); v++)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(lines[i], ci_variables[v].variable)) {
					if (ret_why)
						*ret_why = ci_variables[v].variable;
					return ci_variables[v].name;
				}
	for (size_t i = 0; id && i < ARRAY_SIZE(ci_accounts); i++)
		if (!strcmp(id->user, ci_accounts[i].user)) {
			if (ret_why)
				*ret_why = "the runner account";
			return ci_accounts[i].name;
		}
	return NULL;
}
