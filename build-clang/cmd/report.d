build-clang/cmd/report.o: cmd/report.c cmd/../probes/probes.h \
  cmd/../probes/../lib/report.h cmd/../probes/../lib/host.h \
  cmd/../probes/../lib/val.h cmd/../probes/../lib/util.h cmd/cmd.h

cmd/../probes/probes.h:

cmd/../probes/../lib/report.h:

cmd/../probes/../lib/host.h:

cmd/../probes/../lib/val.h:

cmd/../probes/../lib/util.h:

cmd/cmd.h:
