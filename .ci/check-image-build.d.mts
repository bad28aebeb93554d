export interface DockerInstruction {
  readonly instruction: string;
  readonly value: string;
}
export interface DockerStage {
  readonly image: string;
  readonly name: string | null;
  readonly instructions: readonly DockerInstruction[];
}
export function parseDockerfile(text: string): { args: Record<string, string>; stages: DockerStage[] };
export function copyOf(value: string): { sources: string[]; destination: string } | null;
export function checkImageBuild(options?: { keep?: boolean; log?: (line: string) => void }): { dir: string; copied: string[]; entries: string[] };
