#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/dopant/dopant_diffusion.h>

namespace Fluxion
{
  template <int dim>
  std::vector<double>
  DopantDiffusion<dim>::amounts(const VectorType    &u,
                                std::vector<double> *silicon) const
  {
    const QGaussLobatto<dim>    lumped(degree + 1);
    FEValues<dim>               fe_values(*context.mapping,
                            *fe,
                            lumped,
                            update_values | update_JxW_values);
    std::vector<Vector<double>> values(lumped.size(),
                                       Vector<double>(dopants.size()));
    std::vector<double>         sum(dopants.size(), 0.0);
    if (silicon)
      silicon->assign(dopants.size(), 0.0);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && !is_interface_layer(cell->material_id()))
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(u, values);
          const bool in_silicon = is_silicon(cell->material_id());
          for (unsigned int q = 0; q < lumped.size(); ++q)
            for (unsigned int i = 0; i < dopants.size(); ++i)
              {
                const double a = concentration_factor(i, cell->material_id()) *
                                 values[q][i] * fe_values.JxW(q);
                sum[i] += a;
                if (silicon && in_silicon)
                  (*silicon)[i] += a;
              }
        }
    for (auto &v : sum)
      v = Utilities::MPI::sum(v, context.mpi_communicator);
    if (silicon)
      for (auto &v : *silicon)
        v = Utilities::MPI::sum(v, context.mpi_communicator);
    return sum;
  }

  template <int dim>
  double
  DopantDiffusion<dim>::wafer_area() const
  {
    const QGauss<dim - 1> face_quadrature(degree + 1);
    FEFaceValues<dim>     fe_face(*context.mapping,
                              *fe,
                              face_quadrature,
                              update_JxW_values | update_normal_vectors);
    double                area = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary() &&
              cell->face(f)->boundary_id() == surface_id)
            {
              fe_face.reinit(cell, f);
              for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                area +=
                  fe_face.JxW(q) * std::abs(fe_face.normal_vector(q)[dim - 1]);
            }
    return Utilities::MPI::sum(area, context.mpi_communicator);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::before_state_transfer()
  {
    amounts_before_transfer.clear();
    for (const auto v : this->state_vectors())
      {
        const auto a = amounts(*v);
        amounts_before_transfer.insert(amounts_before_transfer.end(),
                                       a.begin(),
                                       a.end());
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::after_state_transfer(const bool conserve_amount)
  {
    make_constraints(time);
    states.take_transferred(solution, hanging_constraints);
    const auto vectors = this->state_vectors();
    // Coarsening interpolates, which does not conserve the dose. A dopant
    // that no surface condition feeds (inert surface) gets each of its
    // fields scaled back to the dose it had before the mesh changed.
    if (!conserve_amount ||
        amounts_before_transfer.size() != vectors.size() * dopants.size())
      return;
    const auto &conditions = surface_conditions[process->step_index(time)];
    for (unsigned int k = 0; k < vectors.size(); ++k)
      {
        VectorType &owned = states.owned(k);
        const auto  a     = amounts(*vectors[k]);
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            const double before =
              amounts_before_transfer[k * dopants.size() + i];
            if (conditions[i] || a[i] == 0 || before == 0)
              continue;
            for (const auto dof : field_dofs[i])
              owned[dof] *= before / a[i];
          }
        owned.compress(VectorOperation::insert);
        *vectors[k] = owned;
      }
  }

#define FLUXION_INSTANTIATE(dim)                                 \
  template std::vector<double> DopantDiffusion<dim>::amounts(    \
    const VectorType &, std::vector<double> *) const;            \
  template double DopantDiffusion<dim>::wafer_area() const;      \
  template void   DopantDiffusion<dim>::before_state_transfer(); \
  template void   DopantDiffusion<dim>::after_state_transfer(const bool);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
