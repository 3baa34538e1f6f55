#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>

#include <fluxion/core/translation_cache.h>
#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/integrals.h>

#include <cmath>
#include <limits>

namespace Fluxion
{
  template <int dim>
  void
  Integrals<dim>::declare_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  Integrals<dim>::parse_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  Integrals<dim>::execute(const PhysicsInterface<dim> &physics,
                          Statistics                  &statistics,
                          const bool,
                          const std::string &)
  {
    const auto &dof_handler = physics.get_dof_handler();
    const auto &fe          = dof_handler.get_fe();
    AssertThrow(fe.n_components() == 1,
                ExcMessage("Parameter <Postprocess/List>: 'integrals' needs a "
                           "physics with one field; use 'dopant profiles' "
                           "for several dopants."));
    const auto       &u = physics.get_solution();
    const QGauss<dim> quadrature(fe.degree + 1);
    FEValues<dim>     fe_values(physics.get_mapping(),
                            fe,
                            quadrature,
                            update_values | update_JxW_values);
    // The integral of c over a cell is sum_i u_i int(phi_i); with an affine
    // mapping the weights int(phi_i) carry over to translated cells.
    const auto *mapping_q =
      dynamic_cast<const MappingQ<dim> *>(&physics.get_mapping());
    const bool affine = mapping_q != nullptr && mapping_q->get_degree() == 1;
    TranslationCache<dim> translations;
    Vector<double>        local(fe.n_dofs_per_cell());
    Vector<double>        weights(fe.n_dofs_per_cell());
    double                amount = 0;
    double                c_min  = std::numeric_limits<double>::max();
    double                c_max  = -std::numeric_limits<double>::max();
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const double K = physics.concentration_scale(cell->material_id());
          if (!affine || !translations.is_translate(cell))
            {
              fe_values.reinit(cell);
              weights = 0;
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                for (unsigned int i = 0; i < weights.size(); ++i)
                  weights(i) += fe_values.shape_value(i, q) * fe_values.JxW(q);
            }
          cell->get_dof_values(u, local);
          amount += K * (weights * local);
          for (const double v : local)
            {
              c_min = std::min(c_min, K * v);
              c_max = std::max(c_max, K * v);
            }
        }
    const MPI_Comm comm = physics.get_communicator();
    amount              = Utilities::MPI::sum(amount, comm);
    if (!have_initial)
      {
        initial_amount = amount;
        have_initial   = true;
      }
    statistics.set("total amount", amount);
    statistics.set("amount change",
                   initial_amount == 0 ?
                     amount :
                     (amount - initial_amount) / std::abs(initial_amount));
    statistics.set("c min", Utilities::MPI::min(c_min, comm));
    statistics.set("c max", Utilities::MPI::max(c_max, comm));
  }

  template <int dim>
  std::vector<double>
  Integrals<dim>::get_state() const
  {
    return {have_initial ? 1.0 : 0.0, initial_amount};
  }

  template <int dim>
  void
  Integrals<dim>::set_state(const std::vector<double> &state)
  {
    if (state.size() == 2)
      {
        have_initial   = state[0] != 0;
        initial_amount = state[1];
      }
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          Integrals,
                          "integrals",
                          "Total amount (integral of c), its relative change "
                          "since the start, and min and max of c over the "
                          "nodes: columns 'total amount', 'amount change', "
                          "'c min', 'c max'.")
} // namespace Fluxion
