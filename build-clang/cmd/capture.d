build-clang/cmd/capture.o: cmd/capture.c cmd/../probes/probes.h \
  cmd/../probes/../lib/report.h cmd/../probes/../lib/host.h \
  cmd/../probes/../lib/val.h cmd/../probes/../lib/util.h cmd/cmd.h

cmd/../probes/probes.h:

cmd/../probes/../lib/report.h:

cmd/../probes/../lib/host.h:

cmd/../probes/../lib/val.h:

cmd/../probes/../lib/util.h:

cmd/cmd.h:
