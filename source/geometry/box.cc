#include <deal.II/base/utilities.h>
#include <deal.II/grid/grid_generator.h>

#include <fluxion/geometry/box.h>

#include <cmath>

namespace Fluxion
{
  namespace
  {
    // Read a list of dim numbers from a parameter.
    template <int dim, typename T>
    std::vector<T>
    read_list(const std::string &text, const std::string &name)
    {
      const auto items = Utilities::split_string_list(text, ',');
      AssertThrow(items.size() == dim,
                  ExcMessage("Parameter <Geometry/box/" + name + ">: needs " +
                             std::to_string(dim) +
                             " comma-separated values "
                             "for a " +
                             std::to_string(dim) + "D run, got <" + text +
                             ">."));
      std::vector<T> v;
      for (const auto &i : items)
        v.push_back(static_cast<T>(Utilities::string_to_double(i)));
      return v;
    }
  } // namespace

  template <int dim>
  void
  Box<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Lower corner",
                      "0, 0, 0",
                      Patterns::List(Patterns::Double(), 1, 3),
                      "[length] Lower corner, one value per dimension (extra "
                      "values are ignored).");
    prm.declare_entry("Upper corner",
                      "1, 1, 1",
                      Patterns::List(Patterns::Double(), 1, 3),
                      "[length] Upper corner, one value per dimension (extra "
                      "values are ignored).");
    prm.declare_entry("Subdivisions",
                      "1, 1, 1",
                      Patterns::List(Patterns::Integer(1), 1, 3),
                      "Number of coarse cells in each direction.");
    prm.declare_entry("Region interfaces",
                      "",
                      Patterns::List(Patterns::Double()),
                      "[length] Increasing x positions that split the box "
                      "into layered regions. They must fall on coarse cell "
                      "faces.");
    prm.declare_entry(
      "Disconnected interfaces",
      "false",
      Patterns::Bool(),
      "1D only: the regions do not share the vertices at the region "
      "interfaces, so a field may jump there (e.g. the Si/SiO2 interface "
      "with a finite transport coefficient). The two sides of interface k "
      "(counted from 1) form the boundary 'interface k', e.g. 'interface1'.");
    prm.declare_entry("Region names",
                      "domain",
                      Patterns::List(Patterns::Anything()),
                      "Names of the regions from low to high x: one more "
                      "than the number of region interfaces.");
  }

  template <int dim>
  void
  Box<dim>::parse_parameters(ParameterHandler &prm)
  {
    auto first_dim = [](const std::string &s) {
      auto items = Utilities::split_string_list(s, ',');
      items.resize(dim, "1");
      std::string out;
      for (const auto &i : items)
        out += (out.empty() ? "" : ",") + i;
      return out;
    };
    const auto lo = read_list<dim, double>(first_dim(prm.get("Lower corner")),
                                           "Lower corner");
    const auto hi = read_list<dim, double>(first_dim(prm.get("Upper corner")),
                                           "Upper corner");
    subdivisions =
      read_list<dim, unsigned int>(first_dim(prm.get("Subdivisions")),
                                   "Subdivisions");
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = lo[d];
        upper[d] = hi[d];
        AssertThrow(hi[d] > lo[d],
                    ExcMessage("Parameter <Geometry/box/Upper corner>: "
                               "must be above <Lower corner> in every "
                               "direction."));
      }
    interfaces.clear();
    for (const auto &s :
         Utilities::split_string_list(prm.get("Region interfaces"), ','))
      interfaces.push_back(Utilities::string_to_double(s));
    regions      = Utilities::split_string_list(prm.get("Region names"), ',');
    disconnected = prm.get_bool("Disconnected interfaces");
    AssertThrow(!disconnected || dim == 1,
                ExcMessage("Parameter <Geometry/box/Disconnected interfaces>: "
                           "only 1D meshes can have disconnected interfaces."));
    AssertThrow(regions.size() == interfaces.size() + 1,
                ExcMessage("Parameter <Geometry/box/Region names>: needs " +
                           std::to_string(interfaces.size() + 1) +
                           " names for " + std::to_string(interfaces.size()) +
                           " region interfaces."));
    for (unsigned int i = 0; i < interfaces.size(); ++i)
      {
        AssertThrow(interfaces[i] > lower[0] && interfaces[i] < upper[0] &&
                      (i == 0 || interfaces[i] > interfaces[i - 1]),
                    ExcMessage("Parameter <Geometry/box/Region interfaces>: "
                               "positions must increase and lie inside the "
                               "box."));
        const double h = (upper[0] - lower[0]) / subdivisions[0];
        const double k = (interfaces[i] - lower[0]) / h;
        AssertThrow(std::abs(k - std::round(k)) < 1e-8,
                    ExcMessage("Parameter <Geometry/box/Region interfaces>: "
                               "x = " +
                               std::to_string(interfaces[i]) +
                               " does not fall on a coarse cell face; "
                               "change <Subdivisions>."));
      }
  }

  template <int dim>
  void
  Box<dim>::create_coarse_mesh(Triangulation<dim> &tria) const
  {
    if (disconnected)
      {
        // Cells left to right; a new vertex starts each region.
        std::vector<Point<dim>>    vertices;
        std::vector<CellData<dim>> cells;
        const double               h = (upper[0] - lower[0]) / subdivisions[0];
        for (unsigned int c = 0; c < subdivisions[0]; ++c)
          {
            const double       x0 = lower[0] + c * h, x1 = x0 + h;
            types::material_id id = 0;
            while (id < interfaces.size() && 0.5 * (x0 + x1) > interfaces[id])
              ++id;
            const bool new_region = c > 0 && id != cells.back().material_id;
            if (c == 0 || new_region)
              vertices.push_back(Point<dim>(x0));
            vertices.push_back(Point<dim>(x1));
            CellData<dim> cell;
            cell.vertices[0] = vertices.size() - 2;
            cell.vertices[1] = vertices.size() - 1;
            cell.material_id = id;
            cells.push_back(cell);
          }
        tria.create_triangulation(vertices, cells, SubCellData());
        for (const auto &cell : tria.active_cell_iterators())
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const double x = cell->face(f)->center()[0];
                if (std::abs(x - lower[0]) < 1e-12 * h)
                  cell->face(f)->set_boundary_id(0);
                else if (std::abs(x - upper[0]) < 1e-12 * h)
                  cell->face(f)->set_boundary_id(1);
                else
                  for (unsigned int k = 0; k < interfaces.size(); ++k)
                    if (std::abs(x - interfaces[k]) < 1e-8 * h)
                      cell->face(f)->set_boundary_id(2 * dim + k);
              }
        return;
      }
    GridGenerator::subdivided_hyper_rectangle(
      tria, subdivisions, lower, upper, true);
    for (const auto &cell : tria.active_cell_iterators())
      {
        types::material_id id = 0;
        while (id < interfaces.size() && cell->center()[0] > interfaces[id])
          ++id;
        cell->set_material_id(id);
      }
  }

  template <int dim>
  std::map<std::string, types::boundary_id>
  Box<dim>::boundary_names() const
  {
    const std::vector<std::string> names = {
      "left", "right", "bottom", "top", "back", "front"};
    std::map<std::string, types::boundary_id> m;
    for (unsigned int i = 0; i < 2 * dim; ++i)
      m[names[i]] = i;
    if (disconnected)
      for (unsigned int k = 0; k < interfaces.size(); ++k)
        m["interface" + std::to_string(k + 1)] = 2 * dim + k;
    return m;
  }

  template <int dim>
  std::map<std::string, types::material_id>
  Box<dim>::region_names() const
  {
    std::map<std::string, types::material_id> m;
    for (unsigned int i = 0; i < regions.size(); ++i)
      m[regions[i]] = i;
    return m;
  }

  FLUXION_REGISTER_PLUGIN(Geometry,
                          Box,
                          "box",
                          "An interval (1D), rectangle (2D) or box (3D) with "
                          "coarse subdivisions and optional layered regions "
                          "along x. Boundaries: left and right (x), bottom and "
                          "top (y), back and front (z).")
} // namespace Fluxion
