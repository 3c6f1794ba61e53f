"""A run that records what an integration asks it to log, for the tests that need no tracking."""


class Recorder:
    def __init__(self):
        self.run_id = "run-1"
        self.params, self.points, self.artifacts, self.flushes = {}, [], [], 0

    def log_params(self, params):
        self.params.update(params)

    def log_metrics(self, metrics, step=0, context=None):
        self.points.extend((key, context, step, value) for key, value in metrics.items())

    def log_artifact(self, path, artifact_path=None):
        with open(path) as f:
            self.artifacts.append((artifact_path, f.read()))

    def flush(self):
        self.flushes += 1
