import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the OnceTeller icon (a "1" with a tick: money moves once) without fonts, so the PNG is the
 * same on every machine. Run from the repository root: {@code java installer/MakeIcon.java}.
 * Writes resources/icons/onceteller.png (256 px) and onceteller-64.png.
 */
public class MakeIcon {
  public static void main(String[] args) throws Exception {
    for (int size : new int[] {256, 64}) {
      BufferedImage img = draw(size);
      String name = size == 256 ? "onceteller.png" : "onceteller-" + size + ".png";
      File out = new File("resources/icons/" + name);
      out.getParentFile().mkdirs();
      ImageIO.write(img, "png", out);
      System.out.println("wrote " + out);
    }
  }

  static BufferedImage draw(int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.scale(size / 256.0, size / 256.0);

    // Background: a deep-blue rounded square.
    g.setColor(new Color(0x1F, 0x4E, 0x79));
    g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
    g.setColor(new Color(0x2E, 0x75, 0xB6));
    g.setStroke(new BasicStroke(6f));
    g.draw(new RoundRectangle2D.Double(14, 14, 228, 228, 48, 48));

    // A bold "1".
    Path2D one = new Path2D.Double();
    one.moveTo(112, 52);
    one.lineTo(146, 52);
    one.lineTo(146, 180);
    one.lineTo(172, 180);
    one.lineTo(172, 204);
    one.lineTo(84, 204);
    one.lineTo(84, 180);
    one.lineTo(112, 180);
    one.lineTo(112, 88);
    one.lineTo(86, 100);
    one.lineTo(86, 74);
    one.closePath();
    g.setColor(Color.WHITE);
    g.fill(one);

    // A green tick in a disc, lower right: "done, exactly once".
    g.setColor(new Color(0x2E, 0xA0, 0x4F));
    g.fillOval(150, 140, 84, 84);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(12f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D tick = new Path2D.Double();
    tick.moveTo(170, 184);
    tick.lineTo(186, 200);
    tick.lineTo(214, 164);
    g.draw(tick);
    g.dispose();
    return img;
  }
}
