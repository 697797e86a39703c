/*
 * replay.c - runs a libFuzzer target's LLVMFuzzerTestOneInput on files,
 * so that the seed corpus and every crash once found run in the test
 * suite (under the sanitizers too) without clang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char *argv[])
{
	int k, failed = 0;

	for (k = 1; k < argc; k++) {
		FILE *fp = fopen(argv[k], "rb");
		uint8_t *buf;
		long n;

		if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
		    fseek(fp, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
		    fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			fprintf(stderr, "replay: %s: cannot read\n", argv[k]);
			failed = 1;
			if (fp != NULL)
				fclose(fp);
			continue;
		}
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		free(buf);
	}
	return failed;
}
