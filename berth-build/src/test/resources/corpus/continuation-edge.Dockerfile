FROM busybox
RUN echo a \
 \
    b
RUN echo "trailing space after escape" \   
    && echo next
# comment \
RUN echo not-continued-from-comment
ENV X=1 \
# interleaved comment
    Y=2
