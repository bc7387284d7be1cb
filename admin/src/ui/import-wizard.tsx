'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useFormatter, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { api, download, uploadWithProgress } from './api-client.ts';
import { Badge, Button, Checkbox, Dialog, useErrorMessage } from './kit.tsx';

interface ImportRow {
  row: number;
  email: string | null;
  nmId: number | null;
  verdict: string;
  detail?: Record<string, string | number>;
}

interface ImportPreview {
  id: string;
  status: 'previewed' | 'applied' | 'failed';
  mode: 'add' | 'replace';
  summary: Record<string, number>;
  result: Record<string, number> | null;
  rows: ImportRow[];
}

const ERRORS = new Set([
  'unknown_user',
  'user_disabled',
  'unknown_nm',
  'conflict_in_file',
  'conflict_existing',
  'malformed',
  'duplicate',
]);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The three steps: 1 template, 2 upload and preview (verdict per row), 3 apply the valid rows at once. */
export function ImportWizard({
  accountId,
  month,
  onClose,
  onApplied,
}: {
  accountId: number;
  month: string;
  onClose: () => void;
  onApplied: () => void;
}) {
  const t = useTranslations('import');
  const tv = useTranslations('verdicts');
  const tc = useTranslations('common');
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const [replace, setReplace] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lang = typeof document === 'undefined' ? 'ru' : document.documentElement.lang;

  async function upload(file: File) {
    setError(null);
    setPreview(null);
    setProgress(0);
    try {
      const result = await uploadWithProgress<ImportPreview>(
        `/api/assignments/imports?accountId=${accountId}&month=${month}&mode=${replace ? 'replace' : 'add'}&fileName=${encodeURIComponent(file.name)}`,
        file,
        XLSX,
        (f) => setProgress(f),
      );
      setPreview(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setProgress(null);
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function apply() {
    if (!preview) return;
    setApplying(true);
    try {
      const result = await api<ImportPreview>(`/api/assignments/imports/${preview.id}/apply`, {
        method: 'POST',
      });
      setPreview(result);
      toast.success(t('applied', { count: result.result?.applied ?? 0 }));
      onApplied();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setApplying(false);
    }
  }

  const rows = preview ? (onlyErrors ? preview.rows.filter((r) => ERRORS.has(r.verdict)) : preview.rows) : [];
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 34,
    overscan: 12,
  });
  const s = preview?.summary ?? {};

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('title')} description={t('description')} wide>
      <ol className="flex flex-col gap-4">
        <li>
          <h3 className="mb-1 font-medium">{t('step1')}</h3>
          <Button
            size="sm"
            onClick={() =>
              void download(`/api/assignments/template.xlsx?lang=${lang}`, `template-${lang}.xlsx`)
            }
          >
            {t('downloadTemplate')}
          </Button>
        </li>
        <li>
          <h3 className="mb-1 font-medium">{t('step2')}</h3>
          <div className="flex flex-wrap items-center gap-3">
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-label={t('file')}
              data-testid="import-file"
              disabled={progress !== null || applying}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            <Checkbox label={t('replace')} checked={replace} onChange={(e) => setReplace(e.target.checked)} />
          </div>
          {progress !== null ? (
            <div className="mt-2" role="status" aria-live="polite">
              <progress
                max={1}
                value={progress < 1 ? progress : undefined}
                className="w-full"
                aria-label={t('uploading')}
              />
              <span className="text-xs text-muted">
                {progress < 1 ? t('uploadingPct', { pct: Math.round(progress * 100) }) : t('checking')}
              </span>
            </div>
          ) : null}
          {error ? (
            <p role="alert" className="mt-2 text-sm text-danger">
              {error}
            </p>
          ) : null}
        </li>
        {preview ? (
          <li>
            <h3 className="mb-1 font-medium">{t('step3')}</h3>
            <p className="mb-2 flex flex-wrap gap-2 text-sm" data-testid="import-summary">
              <Badge>{t('total', { count: s.total ?? 0 })}</Badge>
              <Badge tone="success">{t('valid', { count: s.valid ?? 0 })}</Badge>
              {s.already_assigned ? <Badge>{t('unchanged', { count: s.already_assigned })}</Badge> : null}
              <Badge tone={s.errors ? 'danger' : 'neutral'}>{t('errors', { count: s.errors ?? 0 })}</Badge>
            </p>
            <div className="mb-2 flex flex-wrap items-center gap-3">
              <Checkbox
                label={t('onlyErrors')}
                checked={onlyErrors}
                onChange={(e) => setOnlyErrors(e.target.checked)}
              />
              <Button
                size="sm"
                onClick={() =>
                  void download(
                    `/api/assignments/imports/${preview.id}/report.xlsx?lang=${lang}`,
                    `import-${month}.xlsx`,
                  )
                }
              >
                {t('exportReport')}
              </Button>
            </div>
            <div
              ref={scrollRef}
              className="h-72 overflow-auto rounded-md border border-border text-sm"
              role="table"
              aria-label={t('previewTable')}
            >
              <div
                role="row"
                className="sticky top-0 z-10 grid grid-cols-[4rem_1fr_8rem_1.5fr] gap-2 border-b border-border bg-surface-2 px-2 py-1.5 font-medium text-muted"
              >
                <span role="columnheader">{t('row')}</span>
                <span role="columnheader">Email</span>
                <span role="columnheader">nmId</span>
                <span role="columnheader">{t('verdict')}</span>
              </div>
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const r = rows[item.index]!;
                  const bad = ERRORS.has(r.verdict);
                  return (
                    <div
                      key={r.row}
                      role="row"
                      data-verdict={r.verdict}
                      className="absolute left-0 right-0 grid grid-cols-[4rem_1fr_8rem_1.5fr] items-center gap-2 border-b border-border px-2"
                      style={{ top: item.start, height: item.size }}
                    >
                      <span role="cell" className="tabular-nums text-muted">
                        {r.row}
                      </span>
                      <span role="cell" className="truncate">
                        {r.email ?? '—'}
                      </span>
                      <span role="cell" className="font-mono">
                        {r.nmId ?? '—'}
                      </span>
                      <span
                        role="cell"
                        className={bad ? 'text-danger' : r.verdict === 'ok' ? 'text-success' : 'text-muted'}
                      >
                        {tv(r.verdict, r.detail ?? {})}
                      </span>
                    </div>
                  );
                })}
              </div>
            </div>
            <div className="mt-3 flex items-center justify-end gap-2">
              {preview.status === 'applied' ? (
                <p className="mr-auto text-sm text-success" role="status">
                  {t('appliedSummary', {
                    applied: preview.result?.applied ?? 0,
                    skipped: preview.result?.skipped ?? 0,
                  })}
                </p>
              ) : (
                <p className="mr-auto text-xs text-muted">{s.errors ? t('errorsHint') : t('allValid')}</p>
              )}
              <Button onClick={onClose}>{tc('close')}</Button>
              {preview.status === 'previewed' ? (
                <Button
                  variant="primary"
                  busy={applying}
                  disabled={!s.valid && preview.mode === 'add'}
                  onClick={() => void apply()}
                >
                  {t('apply', { count: format.number(s.valid ?? 0) })}
                </Button>
              ) : null}
            </div>
          </li>
        ) : null}
      </ol>
    </Dialog>
  );
}
