// libtorch's default generator is process-wide: tests that seed it (determinism, resume, initial losses) must not
// interleave with tests that draw from it, so the engine tests run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
