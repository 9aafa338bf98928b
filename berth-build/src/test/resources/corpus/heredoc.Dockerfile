# syntax=docker/dockerfile:1.4
FROM debian
RUN <<EOT bash
  set -ex
  apt-get update
  apt-get install -y vim
EOT
COPY <<EOF /usr/share/nginx/html/index.html
<html>$TITLE</html>
EOF
RUN <<-'SCRIPT'
	#!/usr/bin/env python3
	print("hello")
	SCRIPT
ONBUILD COPY . /app/src
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN echo done | cat
