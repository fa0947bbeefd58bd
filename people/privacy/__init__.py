"""Privacy by design: the register of personal data (``registry``), a person's data on request
(access and portability), erasure and anonymisation, and retention."""
