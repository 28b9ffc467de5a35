build-clang/probes/probes.o: probes/probes.c probes/probes.h \
  probes/../lib/report.h probes/../lib/host.h probes/../lib/val.h \
  probes/../lib/util.h

probes/probes.h:

probes/../lib/report.h:

probes/../lib/host.h:

probes/../lib/val.h:

probes/../lib/util.h:
