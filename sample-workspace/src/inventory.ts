export interface Item {
  sku: string;
  name: string;
  inStock: number;
  reorderLevel: number;
  unitPriceCents: number;
}

export class Inventory {
  private readonly items = new Map<string, Item>();

  add(item: Item): void {
    if (this.items.has(item.sku)) {
      throw new Error(`duplicate SKU ${item.sku}`);
    }
    this.items.set(item.sku, { ...item });
  }

  sell(sku: string, quantity: number): void {
    const item = this.items.get(sku);
    if (!item) throw new Error(`unknown SKU ${sku}`);
    if (quantity > item.inStock) throw new Error(`only ${item.inStock} of ${item.name} left`);
    item.inStock -= quantity;
  }

  /** Items at or below their reorder level, most urgent first. */
  needsReorder(): Item[] {
    return [...this.items.values()]
      .filter((item) => item.inStock <= item.reorderLevel)
      .sort((a, b) => a.inStock / a.reorderLevel - b.inStock / b.reorderLevel);
  }

  stockValueCents(): number {
    let total = 0;
    for (const item of this.items.values()) total += item.inStock * item.unitPriceCents;
    return total;
  }
}
