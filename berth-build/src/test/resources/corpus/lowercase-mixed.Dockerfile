from alpine:3.19 as base
  run apk add --no-cache curl
	env A=1
maintainer someone
add --chown=1000 https://example.invalid/file.tar.gz /tmp/
Copy --chmod=644 conf /etc/app.conf
arg BUILD_DATE
label build-date=$BUILD_DATE
user 1000
volume /var/cache
stopsignal 15
