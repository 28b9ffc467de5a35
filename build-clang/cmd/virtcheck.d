build-clang/cmd/virtcheck.o: cmd/virtcheck.c cmd/../lib/util.h cmd/cmd.h

cmd/../lib/util.h:

cmd/cmd.h:
