'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import Cropper, { type Area } from 'react-easy-crop';
import { toast } from 'sonner';
import { api } from './api-client.ts';
import { Button, Dialog, useErrorMessage } from './kit.tsx';

export const AVATAR_SIZE = 512;

/** Crops the chosen area of an image to a square and resizes it to a 512×512 JPEG, in the browser. */
export async function cropToJpeg(src: string, area: Area): Promise<Blob> {
  const image = new Image();
  image.src = src;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = AVATAR_SIZE;
  canvas.height = AVATAR_SIZE;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, AVATAR_SIZE, AVATAR_SIZE);
  ctx.drawImage(image, area.x, area.y, area.width, area.height, 0, 0, AVATAR_SIZE, AVATAR_SIZE);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), 'image/jpeg', 0.9),
  );
}

export function AvatarUpload({
  userId,
  open,
  onOpenChange,
  onUploaded,
}: {
  userId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onUploaded: () => void;
}) {
  const t = useTranslations('avatar');
  const tc = useTranslations('common');
  const errorMessage = useErrorMessage();
  const [src, setSrc] = useState<string | null>(null);
  const [crop, setCrop] = useState({ x: 0, y: 0 });
  const [zoom, setZoom] = useState(1);
  const [area, setArea] = useState<Area | null>(null);
  const [busy, setBusy] = useState(false);
  const onCropComplete = useCallback((_: Area, pixels: Area) => setArea(pixels), []);

  async function save() {
    if (!src || !area) return;
    setBusy(true);
    try {
      const jpeg = await cropToJpeg(src, area);
      await api(`/api/users/${userId}/avatar`, {
        method: 'PUT',
        body: jpeg,
        headers: { 'content-type': 'image/jpeg' },
      });
      toast.success(t('saved'));
      onUploaded();
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('title')} description={t('hint')}>
      <div className="flex flex-col gap-3">
        <input
          type="file"
          accept="image/*"
          aria-label={t('choose')}
          data-testid="avatar-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) setSrc(URL.createObjectURL(file));
          }}
        />
        {src ? (
          <>
            <div className="relative h-72 w-full overflow-hidden rounded-md bg-surface-2">
              <Cropper
                image={src}
                crop={crop}
                zoom={zoom}
                aspect={1}
                cropShape="round"
                onCropChange={setCrop}
                onZoomChange={setZoom}
                onCropComplete={onCropComplete}
              />
            </div>
            <label className="flex items-center gap-2 text-sm">
              {t('zoom')}
              <input
                type="range"
                min={1}
                max={3}
                step={0.05}
                value={zoom}
                onChange={(e) => setZoom(Number(e.target.value))}
                className="flex-1"
              />
            </label>
          </>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{tc('cancel')}</Button>
          <Button variant="primary" disabled={!area} busy={busy} onClick={() => void save()}>
            {tc('save')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
