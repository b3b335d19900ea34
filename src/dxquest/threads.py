"""The environment that gives a process one thread for numerical work.

Graders run one kernel (or one worker) per core, and the test suite one process per core. A second
OpenMP or BLAS thread in each only waits for the other processes' cores: with OpenMP's passive
waiting, two threads made a demand forecast take 12 s instead of 7 s. LightGBM's default
``n_jobs`` counts the machine's cores through joblib, past ``OMP_NUM_THREADS``, so joblib's own cap
is set as well (a wrong answer that left ``n_jobs`` out took 41 s to validate instead of 25 s).
"""

ONE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OMP_WAIT_POLICY": "passive",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "LOKY_MAX_CPU_COUNT": "1",
}
