#!/usr/bin/env bash
# Builds the local images tests and demos need, with no registry: a busybox root file system, a JRE 17 image
# made from the host's JDK, and a Tomcat base image laid out like the official one (/usr/local/tomcat,
# CMD catalina.sh run) from the distribution tarball on Maven Central. Skips images that already exist.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
WORK="$ROOT/target/images"
mkdir -p "$WORK"

BUSYBOX=flotilla-test/busybox:local
JRE=flotilla-test/jre17:local
TOMCAT_VERSION=$(sed -n 's:.*<tomcat11.dist.version>\(.*\)</tomcat11.dist.version>.*:\1:p' pom.xml)
TOMCAT=flotilla-test/tomcat:11-local

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1 && [ "${FLOTILLA_REBUILD_IMAGES:-}" != 1 ]; }

if ! have "$BUSYBOX"; then
  command -v busybox >/dev/null || { [ -x /bin/busybox ] || { echo "images: busybox-static is missing: apt-get install busybox-static" >&2; exit 1; }; }
  BB=$(command -v busybox || echo /bin/busybox)
  rm -rf "$WORK/busybox" && mkdir -p "$WORK/busybox/rootfs/bin" "$WORK/busybox/rootfs/tmp" "$WORK/busybox/rootfs/etc"
  cp "$BB" "$WORK/busybox/rootfs/bin/busybox"
  for applet in $("$BB" --list); do
    [ "$applet" = busybox ] && continue
    ln -sf busybox "$WORK/busybox/rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$WORK/busybox/rootfs/etc/passwd"
  echo 'root:x:0:' > "$WORK/busybox/rootfs/etc/group"
  cat > "$WORK/busybox/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV PATH=/bin
CMD ["/bin/sh"]
DOCKERFILE
  "$DOCKER" build -q -t "$BUSYBOX" "$WORK/busybox" >/dev/null
  echo "images: built $BUSYBOX"
fi

if ! have "$JRE"; then
  JAVA_HOME_HOST=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  rm -rf "$WORK/jre" && mkdir -p "$WORK/jre/rootfs/opt" "$WORK/jre/rootfs/lib" "$WORK/jre/rootfs/lib64"
  # the host JDK, dereferencing Debian's symlinks into /etc, without sources and ct.sym
  tar -C "$(dirname "$JAVA_HOME_HOST")" -chf - --exclude=src.zip --exclude=ct.sym "$(basename "$JAVA_HOME_HOST")" \
    | tar -C "$WORK/jre/rootfs/opt" -xf -
  mv "$WORK/jre/rootfs/opt/$(basename "$JAVA_HOME_HOST")" "$WORK/jre/rootfs/opt/java"
  # every shared library the JDK's binaries and libraries need, at the same paths
  find "$WORK/jre/rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
    | grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
        mkdir -p "$WORK/jre/rootfs$(dirname "$lib")"
        cp -L "$lib" "$WORK/jre/rootfs$lib"
      done
  cat > "$WORK/jre/Dockerfile" <<DOCKERFILE
FROM $BUSYBOX
COPY rootfs/ /
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/bin
CMD ["java", "-version"]
DOCKERFILE
  "$DOCKER" build -q -t "$JRE" "$WORK/jre" >/dev/null
  echo "images: built $JRE"
fi

if ! have "$TOMCAT"; then
  TARBALL="$HOME/.m2/repository/org/apache/tomcat/tomcat/$TOMCAT_VERSION/tomcat-$TOMCAT_VERSION.tar.gz"
  if [ ! -f "$TARBALL" ]; then
    mvn -B -q dependency:get -Dartifact="org.apache.tomcat:tomcat:$TOMCAT_VERSION:tar.gz" -Dtransitive=false
  fi
  rm -rf "$WORK/tomcat" && mkdir -p "$WORK/tomcat"
  tar -C "$WORK/tomcat" -xzf "$TARBALL"
  mv "$WORK/tomcat/apache-tomcat-$TOMCAT_VERSION" "$WORK/tomcat/tomcat"
  rm -rf "$WORK/tomcat/tomcat/webapps/"{docs,examples,manager,host-manager}
  cat > "$WORK/tomcat/Dockerfile" <<DOCKERFILE
FROM $JRE
COPY tomcat/ /usr/local/tomcat/
ENV CATALINA_HOME=/usr/local/tomcat PATH=/usr/local/tomcat/bin:/opt/java/bin:/bin
WORKDIR /usr/local/tomcat
EXPOSE 8080
CMD ["catalina.sh", "run"]
DOCKERFILE
  "$DOCKER" build -q -t "$TOMCAT" "$WORK/tomcat" >/dev/null
  echo "images: built $TOMCAT (Tomcat $TOMCAT_VERSION)"
fi
echo "images: ready: $BUSYBOX $JRE $TOMCAT"
