build-clang/lib/val.o: lib/val.c lib/val.h lib/util.h

lib/val.h:

lib/util.h:
