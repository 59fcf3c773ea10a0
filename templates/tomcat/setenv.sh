#!/bin/sh
# Flotilla template: copy to $CATALINA_BASE/bin/setenv.sh (catalina.sh reads it at every start), or append the
# lines below to the setenv.sh you have. `java -jar tomcat-support.jar install` writes exactly this block.
#
# custom.hostname names this replica's log folder: logs/<host name>/. It must be set when the JVM starts, because
# JULI (logging.properties) and the AccessLogValve (server.xml) read it then. Docker exports HOSTNAME (the
# container id unless --hostname is given); plain sh does not, hence the fallback to hostname(1). The name is made
# safe for a folder with the same rules as tomcat-support.jar: letters, digits, '.', '-', '_', no '..', 64 at most.
# flotilla tomcat-support: every replica writes its logs into logs/<its host name>/
FLOTILLA_HOST=$(printf '%s' "${HOSTNAME:-$(hostname)}" | tr -c 'A-Za-z0-9._-' '-' \
  | sed -e 's/[.-]*-[.-]*/-/g' -e 's/\.\.*/./g' | cut -c1-64 | sed -e 's/^[.-]*//' -e 's/[.-]*$//')
CATALINA_OPTS="$CATALINA_OPTS -Dcustom.hostname=${FLOTILLA_HOST:-unknown-host}"
