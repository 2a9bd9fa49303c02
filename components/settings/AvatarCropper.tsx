import { useEffect, useRef, type PointerEvent } from "react";
import formStyles from "@/components/ui/Form.module.css";
import styles from "./AvatarUpload.module.css";

/**
 * Which square of the picture to keep: `zoom` (1 keeps the largest square, 4
 * a quarter of its side) and where it sits in the room left over, `x` and
 * `y` from 0 (left, top) to 1 (right, bottom).
 */
export interface CropChoice {
  zoom: number;
  x: number;
  y: number;
}

export const WHOLE_SQUARE: CropChoice = { zoom: 1, x: 0.5, y: 0.5 };

const MAX_ZOOM = 4;
/** The preview's drawing size in canvas pixels (shown at 20rem or less, so sharp on a 2× screen). */
const CANVAS_SIZE = 512;

/** The square `choice` keeps of a `width`×`height` picture, in its pixels. */
export function squareOf(choice: CropChoice, width: number, height: number) {
  const side = Math.min(width, height) / choice.zoom;
  return { left: choice.x * (width - side), top: choice.y * (height - side), side };
}

/** Where the picture is drawn on the canvas: whole, centred, as large as fits. */
function layoutOf(width: number, height: number) {
  const scale = CANVAS_SIZE / Math.max(width, height);
  return { scale, offsetX: (CANVAS_SIZE - width * scale) / 2, offsetY: (CANVAS_SIZE - height * scale) / 2 };
}

interface AvatarCropperProps {
  image: ImageBitmap;
  choice: CropChoice;
  onChange: (choice: CropChoice) => void;
  disabled: boolean;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/**
 * The picture with the chosen square marked (drag it with a pointer), and
 * three sliders that do the same from the keyboard: zoom, left–right and
 * up–down. The round preview beside it is what the header will show.
 */
export function AvatarCropper({ image, choice, onChange, disabled }: AvatarCropperProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const resultRef = useRef<HTMLCanvasElement>(null);
  const dragRef = useRef<{ pointerX: number; pointerY: number; start: CropChoice } | null>(null);
  const { width, height } = image;
  const square = squareOf(choice, width, height);
  const roomX = width - square.side;
  const roomY = height - square.side;

  useEffect(() => {
    const context = canvasRef.current?.getContext("2d");
    const result = resultRef.current?.getContext("2d");
    if (!context || !result) return;
    const { scale, offsetX, offsetY } = layoutOf(width, height);
    context.clearRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
    context.drawImage(image, offsetX, offsetY, width * scale, height * scale);
    const left = offsetX + square.left * scale;
    const top = offsetY + square.top * scale;
    const side = square.side * scale;
    // Shade all but the square, then outline it and the circle the picture is shown in.
    context.fillStyle = "rgb(0 0 0 / 55%)";
    context.beginPath();
    context.rect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
    context.rect(left, top, side, side);
    context.fill("evenodd");
    context.strokeStyle = "#ffffff";
    context.lineWidth = 3;
    context.strokeRect(left, top, side, side);
    context.setLineDash([10, 8]);
    context.beginPath();
    context.arc(left + side / 2, top + side / 2, side / 2, 0, 2 * Math.PI);
    context.stroke();
    context.setLineDash([]);
    result.clearRect(0, 0, 128, 128);
    result.drawImage(image, square.left, square.top, square.side, square.side, 0, 0, 128, 128);
  }, [image, width, height, square.left, square.top, square.side]);

  function onPointerDown(event: PointerEvent<HTMLCanvasElement>) {
    if (disabled) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragRef.current = { pointerX: event.clientX, pointerY: event.clientY, start: choice };
  }

  function onPointerMove(event: PointerEvent<HTMLCanvasElement>) {
    const drag = dragRef.current;
    if (!drag) return;
    // Screen pixels to picture pixels: the canvas is drawn at CANVAS_SIZE and shown at its CSS width.
    const perScreenPixel = CANVAS_SIZE / event.currentTarget.getBoundingClientRect().width / layoutOf(width, height).scale;
    const movedX = (event.clientX - drag.pointerX) * perScreenPixel;
    const movedY = (event.clientY - drag.pointerY) * perScreenPixel;
    onChange({
      ...drag.start,
      x: roomX > 0 ? clamp(drag.start.x + movedX / roomX) : drag.start.x,
      y: roomY > 0 ? clamp(drag.start.y + movedY / roomY) : drag.start.y,
    });
  }

  const endDrag = () => {
    dragRef.current = null;
  };

  return (
    <div className={styles.cropper}>
      <div className={styles.canvases}>
        <canvas
          ref={canvasRef}
          className={styles.canvas}
          width={CANVAS_SIZE}
          height={CANVAS_SIZE}
          role="img"
          aria-label="Your picture, with the square that will be kept marked"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
        />
        <canvas ref={resultRef} className={styles.result} width={128} height={128} role="img" aria-label="Preview of your new picture" />
      </div>
      <div className={styles.sliders}>
        <Slider label="Zoom" min={1} max={MAX_ZOOM} step={0.05} value={choice.zoom} valueText={`${choice.zoom.toFixed(1)}×`} disabled={disabled}
          onChange={(zoom) => onChange({ ...choice, zoom })} />
        <Slider label="Left to right" min={0} max={1} step={0.02} value={choice.x} valueText={`${Math.round(choice.x * 100)}%`} disabled={disabled || roomX < 1}
          onChange={(x) => onChange({ ...choice, x })} />
        <Slider label="Top to bottom" min={0} max={1} step={0.02} value={choice.y} valueText={`${Math.round(choice.y * 100)}%`} disabled={disabled || roomY < 1}
          onChange={(y) => onChange({ ...choice, y })} />
      </div>
    </div>
  );
}

interface SliderProps {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  valueText: string;
  disabled: boolean;
  onChange: (value: number) => void;
}

function Slider({ label, min, max, step, value, valueText, disabled, onChange }: SliderProps) {
  return (
    <label className={styles.slider}>
      <span className={formStyles.label}>{label}</span>
      <input type="range" min={min} max={max} step={step} value={value} aria-valuetext={valueText} disabled={disabled}
        onChange={(event) => onChange(Number(event.target.value))} />
    </label>
  );
}
