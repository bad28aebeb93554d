// Prints every skipped test's full name (which states its reason) so a skip is never silent.
class SkippedTestsReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) if (test.status === 'pending' || test.status === 'skipped') skipped.push(test.fullName);
    }
    if (skipped.length > 0) process.stdout.write(`\nSkipped (${skipped.length}):\n${skipped.map((name) => `  - ${name}`).join('\n')}\n`);
  }
}
module.exports = SkippedTestsReporter;
